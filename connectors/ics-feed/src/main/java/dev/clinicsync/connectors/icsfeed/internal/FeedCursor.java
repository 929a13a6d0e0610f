package dev.clinicsync.connectors.icsfeed.internal;

import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.SyncCursor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * What the connector remembers between fetches, inside the {@link SyncCursor} it returns: the
 * feed's ETag and Last-Modified (for a conditional GET), the horizon the last read covered, and
 * every instance it reported there with its start and a content fingerprint. The next fetch
 * reports what changed and, as deletions, what the feed no longer defines.
 *
 * <p>Encoding: the preset's cursor prefix ({@code "sp-ics1:"} for SimplePractice, {@code "ics1:"}
 * for the generic feed) + base64url of a deflated binary record. Undecodable cursors, and cursors of
 * another preset, are rejected, so the coordinator falls back to a full fetch.
 *
 * @param etag the feed's ETag, when it sent one
 * @param lastModified the feed's Last-Modified, when it sent one
 * @param horizon the expanded range the instances cover
 * @param instances external id → what was reported
 */
public record FeedCursor(Optional<String> etag, Optional<String> lastModified, TimeWindow horizon,
    Map<String, Seen> instances) {

  /**
   * One reported instance.
   *
   * @param start its start
   * @param single whether it is a single (non-recurring) event
   * @param fingerprint a hash of its canonical and PHI content
   */
  public record Seen(Instant start, boolean single, String fingerprint) {}

  public FeedCursor {
    instances = Map.copyOf(instances);
  }

  /** The cursor, starting with {@code prefix}. */
  public SyncCursor encode(String prefix) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
      out.writeUTF(etag.orElse(""));
      out.writeUTF(lastModified.orElse(""));
      out.writeLong(horizon.start().getEpochSecond());
      out.writeLong(horizon.end().getEpochSecond());
      out.writeInt(instances.size());
      for (Map.Entry<String, Seen> e : instances.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue().start().getEpochSecond());
        out.writeBoolean(e.getValue().single());
        out.writeUTF(e.getValue().fingerprint());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return SyncCursor.of(prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray()));
  }

  /** Decodes a cursor this class encoded; empty for anything else. */
  public static Optional<FeedCursor> decode(SyncCursor cursor, String prefix) {
    String v = cursor.value();
    if (!v.startsWith(prefix)) {
      return Optional.empty();
    }
    try {
      byte[] raw = Base64.getUrlDecoder().decode(v.substring(prefix.length()));
      try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(raw)))) {
        String etag = in.readUTF();
        String lastModified = in.readUTF();
        TimeWindow horizon = TimeWindow.of(Instant.ofEpochSecond(in.readLong()), Instant.ofEpochSecond(in.readLong()));
        int n = in.readInt();
        if (n < 0 || n > 10_000_000) {
          return Optional.empty();
        }
        Map<String, Seen> instances = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          String id = in.readUTF();
          instances.put(id, new Seen(Instant.ofEpochSecond(in.readLong()), in.readBoolean(), in.readUTF()));
        }
        return Optional.of(new FeedCursor(etag.isEmpty() ? Optional.empty() : Optional.of(etag),
            lastModified.isEmpty() ? Optional.empty() : Optional.of(lastModified), horizon, instances));
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "FeedCursor[" + instances.size() + " instances, horizon " + horizon + "]";
  }
}
