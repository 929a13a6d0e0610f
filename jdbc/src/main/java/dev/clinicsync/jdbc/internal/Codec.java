package dev.clinicsync.jdbc.internal;

import dev.clinicsync.core.StorageException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * How values become columns: instants as epoch seconds and nanoseconds (both databases keep
 * microseconds at best), string lists and maps as one text of length-prefixed strings
 * ({@code 3:abc5:hello}), sorted, so that equal values are stored as equal texts.
 */
public final class Codec {
  private Codec() {}

  /** Encodes strings in the given order. */
  public static String strings(Collection<String> values) {
    StringBuilder out = new StringBuilder();
    for (String v : values) {
      out.append(v.length()).append(':').append(v);
    }
    return out.toString();
  }

  /** Encodes a map, sorted by key. */
  public static String map(Map<String, String> map) {
    List<String> flat = new ArrayList<>(map.size() * 2);
    new TreeMap<>(map).forEach((k, v) -> {
      flat.add(k);
      flat.add(v);
    });
    return strings(flat);
  }

  /** Decodes {@link #strings}. */
  public static List<String> strings(String encoded, String what) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = encoded.length();
    while (i < n) {
      int colon = encoded.indexOf(':', i);
      if (colon <= i) {
        throw corrupt(what);
      }
      int length;
      try {
        length = Integer.parseInt(encoded, i, colon, 10);
      } catch (NumberFormatException e) {
        throw corrupt(what);
      }
      int end = colon + 1 + length;
      if (length < 0 || end > n) {
        throw corrupt(what);
      }
      out.add(encoded.substring(colon + 1, end));
      i = end;
    }
    return out;
  }

  /** Decodes {@link #map}. */
  public static Map<String, String> map(String encoded, String what) {
    List<String> flat = strings(encoded, what);
    if (flat.size() % 2 != 0) {
      throw corrupt(what);
    }
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < flat.size(); i += 2) {
      out.put(flat.get(i), flat.get(i + 1));
    }
    return out;
  }

  private static StorageException corrupt(String what) {
    return new StorageException("stored " + what + " is not in the stored format");
  }

  /** Sets an instant into two parameters, seconds then nanoseconds. */
  public static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
    ps.setLong(index, at.getEpochSecond());
    ps.setInt(index + 1, at.getNano());
  }

  /** Sets an optional instant into two parameters, both null when absent. */
  public static void setInstant(PreparedStatement ps, int index, Optional<Instant> at) throws SQLException {
    if (at.isPresent()) {
      setInstant(ps, index, at.get());
    } else {
      ps.setNull(index, Types.BIGINT);
      ps.setNull(index + 1, Types.INTEGER);
    }
  }

  /** Reads an instant from two columns, seconds then nanoseconds. */
  public static Instant instant(ResultSet rs, String secondsColumn, String nanosColumn) throws SQLException {
    return Instant.ofEpochSecond(rs.getLong(secondsColumn), rs.getInt(nanosColumn));
  }

  /** Sets a nullable string. */
  public static void setString(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
    if (value.isPresent()) {
      ps.setString(index, value.get());
    } else {
      ps.setNull(index, Types.VARCHAR);
    }
  }

  /** Reads a nullable string. */
  public static Optional<String> optionalString(ResultSet rs, String column) throws SQLException {
    @Nullable String v = rs.getString(column);
    return Optional.ofNullable(v);
  }
}
