package dev.clinicsync.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.time.LocalDate;

/** Lets tests in other packages serve the embedding example's demo feed. */
public final class EmbeddingExampleAccess {
  private EmbeddingExampleAccess() {}

  /** Serves the two-session demo feed for the week of {@code monday} on a loopback port. */
  public static HttpServer serveDemoFeed(LocalDate monday) throws IOException {
    return EmbeddingExample.serveFeed(EmbeddingExample.demoFeed(monday));
  }
}
