package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import okhttp3.Dns;

/**
 * Checks URLs that come from configuration or data (ICS feed URLs) before the SDK fetches them:
 * https only, and only hosts that resolve to public addresses — never loopback, private
 * (10/8, 172.16/12, 192.168/16, 100.64/10), link-local (169.254/16 — cloud metadata — and
 * fe80::/10), unique-local (fc00::/7), multicast or the any-local address. Tests and local
 * sandboxes relax it explicitly with {@link #allowingHttp()} and
 * {@link #allowingPrivateAddresses()}.
 *
 * <p>{@link #check} resolves once at validation time; {@link #dns()} applies the same rule at
 * every connection (including redirects), so DNS rebinding cannot slip past the first check.
 */
public final class SsrfGuard {

  /** Resolves a host name to its addresses. */
  @FunctionalInterface
  public interface HostResolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver. */
    static HostResolver system() {
      return host -> Arrays.asList(InetAddress.getAllByName(host));
    }
  }

  private final boolean httpAllowed;
  private final boolean privateAllowed;
  private final HostResolver resolver;

  private SsrfGuard(boolean httpAllowed, boolean privateAllowed, HostResolver resolver) {
    this.httpAllowed = httpAllowed;
    this.privateAllowed = privateAllowed;
    this.resolver = Checks.notNull(resolver, "SSRF guard resolver");
  }

  /** https only, public addresses only, the JVM's resolver. */
  public static SsrfGuard strict() {
    return new SsrfGuard(false, false, HostResolver.system());
  }

  /** A copy that also accepts plain http (tests, local sandboxes). */
  public SsrfGuard allowingHttp() {
    return new SsrfGuard(true, privateAllowed, resolver);
  }

  /** A copy that also accepts loopback and private addresses (tests, local sandboxes). */
  public SsrfGuard allowingPrivateAddresses() {
    return new SsrfGuard(httpAllowed, true, resolver);
  }

  /** A copy that resolves through {@code hostResolver}. */
  public SsrfGuard withResolver(HostResolver hostResolver) {
    return new SsrfGuard(httpAllowed, privateAllowed, hostResolver);
  }

  /**
   * Parses and checks a URL.
   *
   * @param what names the URL in errors ("connector sp-main property 'feed-url'"); the URL itself
   *     is not echoed, since feed URLs are capabilities
   * @throws ValidationException when it is not an absolute http(s) URL, uses a refused scheme,
   *     carries user info, or its host does not resolve to acceptable addresses
   */
  public URI check(String url, String what) {
    Checks.notBlank(url, what);
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new ValidationException(what + " is not a valid URL (at index " + e.getIndex() + ")");
    }
    return check(uri, what);
  }

  /** Checks a parsed URL; see {@link #check(String, String)}. */
  public URI check(URI uri, String what) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(httpAllowed && scheme.equals("http"))) {
      throw new ValidationException(what + " must be an https URL" + (httpAllowed ? " or http" : "")
          + ", scheme was '" + scheme + "'");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new ValidationException(what + " has no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new ValidationException(what + " must not carry user info");
    }
    resolveAcceptable(uri.getHost(), what);
    return uri;
  }

  /** An OkHttp {@link Dns} that refuses hosts resolving to unacceptable addresses. */
  public Dns dns() {
    return hostname -> {
      try {
        return resolveAcceptable(hostname, "host");
      } catch (ValidationException e) {
        throw new UnknownHostException(e.getMessage());
      }
    };
  }

  private List<InetAddress> resolveAcceptable(String host, String what) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    List<InetAddress> addresses;
    try {
      addresses = resolver.resolve(h);
    } catch (UnknownHostException e) {
      throw new ValidationException(what + ": host does not resolve");
    }
    if (addresses.isEmpty()) {
      throw new ValidationException(what + ": host does not resolve");
    }
    if (!privateAllowed) {
      for (InetAddress a : addresses) {
        if (!isPublic(a)) {
          throw new ValidationException(what + ": host resolves to a non-public address ("
              + a.getHostAddress() + "), refused");
        }
      }
    }
    return addresses;
  }

  /** Whether an address is publicly routable unicast. */
  public static boolean isPublic(InetAddress a) {
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress()
        || a.isSiteLocalAddress() || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      return b0 != 0 // "this network"
          && !(b0 == 100 && b1 >= 64 && b1 <= 127) // carrier-grade NAT 100.64/10
          && !(b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          && !(b0 == 198 && (b1 == 18 || b1 == 19)) // benchmarking
          && b0 < 240; // reserved and broadcast
    }
    if (a instanceof Inet6Address) {
      int b0 = b[0] & 0xff;
      if ((b0 & 0xfe) == 0xfc) { // unique local fc00::/7
        return false;
      }
      if (isIpv4Mapped(b)) {
        try {
          return isPublic(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
        } catch (UnknownHostException e) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean isIpv4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  @Override
  public String toString() {
    return "SsrfGuard[" + (httpAllowed ? "http allowed" : "https only") + ", "
        + (privateAllowed ? "private addresses allowed" : "public addresses only") + "]";
  }
}
