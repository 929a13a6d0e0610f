package dev.clinicsync.connectors.kit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bare HTTP/1.1 server on 127.0.0.1 for responses WireMock cannot make: bodies that never end
 * or drip one byte at a time for as long as the client listens. Each connection reads the request
 * head and hands the socket's output to the {@link Responder} until the client goes away.
 */
final class RawHttpServer implements AutoCloseable {
  /** Writes a response; returns when done or throws when the client is gone. */
  @FunctionalInterface
  interface Responder {
    void respond(OutputStream out, AtomicLong written) throws IOException, InterruptedException;
  }

  private final ServerSocket server;
  private final AtomicLong written = new AtomicLong();
  private final Thread acceptor;

  RawHttpServer(Responder responder) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread t = new Thread(() -> serve(s, responder), "raw-http-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return; // closed
        }
      }
    }, "raw-http-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void serve(Socket s, Responder responder) {
    try (s) {
      InputStream in = s.getInputStream();
      int matched = 0;
      byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      while (matched < end.length) {
        int c = in.read();
        if (c < 0) {
          return;
        }
        matched = c == end[matched] ? matched + 1 : (c == end[0] ? 1 : 0);
      }
      responder.respond(s.getOutputStream(), written);
    } catch (IOException e) {
      // the client went away: expected
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  int port() {
    return server.getLocalPort();
  }

  String url(String path) {
    return "http://localhost:" + port() + path;
  }

  /** Body bytes written so far, over all connections. */
  long written() {
    return written.get();
  }

  static void head(OutputStream out, String... headers) throws IOException {
    StringBuilder sb = new StringBuilder("HTTP/1.1 200 OK\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
