package dev.clinicsync.connectors.icsfeed.internal;

import java.io.FilterReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;

/**
 * A reader that stops a parser: it fails once more than {@code maxChars} characters were read,
 * and as soon as the thread is interrupted (the parse deadline passed). It also remembers whether
 * the end of the stream was reached, which tells a truncated feed from a malformed one.
 */
final class LimitedReader extends FilterReader {
  private final long maxChars;
  private long count;
  private boolean eof;
  private boolean overLimit;

  LimitedReader(Reader in, long maxChars) {
    super(in);
    this.maxChars = maxChars;
  }

  @Override
  public int read() throws IOException {
    check();
    int c = super.read();
    if (c < 0) {
      eof = true;
    } else {
      count(1);
    }
    return c;
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    check();
    int n = super.read(buf, off, len);
    if (n < 0) {
      eof = true;
    } else {
      count(n);
    }
    return n;
  }

  private void check() throws IOException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("parse cancelled");
    }
  }

  private void count(int n) throws IOException {
    count += n;
    if (count > maxChars) {
      overLimit = true;
      throw new IOException("feed larger than " + maxChars + " characters");
    }
  }

  boolean reachedEnd() {
    return eof;
  }

  boolean overLimit() {
    return overLimit;
  }
}
