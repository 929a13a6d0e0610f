package dev.clinicsync.connectors.tck;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A valid gzip body of zeros that inflates to a chosen size at the best ratio deflate allows
 * (about 1:1000): 64 MiB from about 66 KB, 1 GiB from about 1 MB. Built in a fraction of a second:
 * one mebibyte of zeros is deflated with a full flush (which resets the dictionary, so the block
 * is the same every time) and the block is repeated. Bombs are cached by size.
 */
public final class GzipBomb {
  /** The unit a bomb's inflated size is a multiple of: 1 MiB. */
  public static final int CHUNK = 1 << 20;

  private static final Map<Long, byte[]> CACHE = new ConcurrentHashMap<>();

  private GzipBomb() {}

  /**
   * A gzip stream inflating to {@code inflatedBytes} zero bytes.
   *
   * @param inflatedBytes a positive multiple of {@link #CHUNK}
   */
  public static byte[] inflatingTo(long inflatedBytes) {
    if (inflatedBytes <= 0 || inflatedBytes % CHUNK != 0) {
      throw new IllegalArgumentException("a bomb inflates to a positive multiple of 1 MiB");
    }
    return CACHE.computeIfAbsent(inflatedBytes, GzipBomb::build).clone();
  }

  private static byte[] build(long inflatedBytes) {
    long chunks = inflatedBytes / CHUNK;
    byte[] zeros = new byte[CHUNK];
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      byte[] first = flush(deflater, zeros);
      byte[] repeated = chunks > 1 ? flush(deflater, zeros) : new byte[0];
      deflater.finish();
      ByteArrayOutputStream last = new ByteArrayOutputStream();
      byte[] buffer = new byte[1024];
      while (!deflater.finished()) {
        last.write(buffer, 0, deflater.deflate(buffer));
      }
      CRC32 crc = new CRC32();
      for (long i = 0; i < chunks; i++) {
        crc.update(zeros);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}, 0, 10);
      out.write(first, 0, first.length);
      for (long i = 1; i < chunks; i++) {
        out.write(repeated, 0, repeated.length);
      }
      out.write(last.toByteArray(), 0, last.size());
      littleEndian(out, crc.getValue());
      littleEndian(out, inflatedBytes & 0xffffffffL);
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static byte[] flush(Deflater deflater, byte[] input) {
    deflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    int n;
    do {
      n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
      out.write(buffer, 0, n);
    } while (n == buffer.length || !deflater.needsInput());
    return out.toByteArray();
  }

  private static void littleEndian(ByteArrayOutputStream out, long value) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }
}
