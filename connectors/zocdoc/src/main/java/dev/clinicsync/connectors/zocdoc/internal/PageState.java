package dev.clinicsync.connectors.zocdoc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clinicsync.connectors.kit.VendorJson;
import dev.clinicsync.core.Checks;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a fetch stands, carried in the page token: the slices still to read (the first is being
 * read) and the vendor page of the first. Holds times and provider and location ids only, never
 * a patient's data. Encoded as base64url JSON so a coordinator can store it.
 *
 * @param slices the slices still to read, the current one first; never empty
 * @param page the zero-indexed vendor page of the current slice
 */
public record PageState(List<Slice> slices, int page) {
  private static final Pattern ID = Pattern.compile("(pr|lo)_[A-Za-z0-9_-]{1,64}");

  public PageState {
    slices = List.copyOf(Checks.notNull(slices, "slices"));
    if (slices.isEmpty() || page < 0) {
      throw new IllegalArgumentException("a page state needs a slice and a page index of 0 or more");
    }
  }

  public Slice current() {
    return slices.get(0);
  }

  /** The next vendor page of the current slice. */
  public PageState nextPage() {
    return new PageState(slices, page + 1);
  }

  /** The current slice replaced by its parts, read from their first page. */
  public PageState replaceCurrent(List<Slice> parts) {
    List<Slice> out = new ArrayList<>(parts);
    out.addAll(slices.subList(1, slices.size()));
    return new PageState(out, 0);
  }

  /** The next slice from its first page; empty when the current one was the last. */
  public Optional<PageState> nextSlice() {
    return slices.size() == 1 ? Optional.empty() : Optional.of(new PageState(slices.subList(1, slices.size()), 0));
  }

  public String encode() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("n", page);
    ArrayNode q = root.putArray("q");
    for (Slice s : slices) {
      ArrayNode a = q.addArray();
      a.add(s.start().getEpochSecond()).add(s.end().getEpochSecond());
      a.add(s.providerId().orElse("")).add(s.locationId().orElse(""));
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(root.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The state a token holds; empty when the token was not issued by {@link #encode()}. */
  public static Optional<PageState> decode(String token) {
    try {
      JsonNode root = VendorJson.reader().readTree(Base64.getUrlDecoder().decode(token));
      int page = root.path("n").isInt() ? root.path("n").asInt() : -1;
      List<Slice> slices = new ArrayList<>();
      for (JsonNode a : root.path("q")) {
        if (!a.isArray() || a.size() != 4 || !a.get(0).isIntegralNumber() || !a.get(1).isIntegralNumber()) {
          return Optional.empty();
        }
        Optional<String> p = id(a.get(2).asText());
        Optional<String> l = id(a.get(3).asText());
        slices.add(new Slice(Instant.ofEpochSecond(a.get(0).asLong()), Instant.ofEpochSecond(a.get(1).asLong()), p, l));
      }
      return Optional.of(new PageState(slices, page));
    } catch (RuntimeException | java.io.IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> id(String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (!ID.matcher(text).matches()) {
      throw new IllegalArgumentException("not a provider or location id");
    }
    return Optional.of(text);
  }
}
