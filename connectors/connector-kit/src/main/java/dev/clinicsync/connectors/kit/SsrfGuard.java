package dev.clinicsync.connectors.kit;

import dev.clinicsync.connectors.kit.internal.IpAddresses;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.SocketFactory;
import okhttp3.Connection;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Keeps a connector's HTTP away from addresses it must never reach (server-side request forgery):
 * loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT (100.64/10),
 * link-local (169.254/16 — cloud metadata — and fe80::/10), the unspecified address (0.0.0.0/8,
 * {@code ::}), multicast, reserved and documentation ranges, and IPv4-mapped, -compatible, NAT64
 * and 6to4 IPv6 forms of any of those. See {@link Rule}.
 *
 * <p>{@link #applyTo} installs the guard on an OkHttp client at three points, so that it holds
 * for every hop of every call, redirects included, whatever DNS answers:
 * <ol>
 *   <li>a socket factory whose sockets check the address they are about to connect to — the
 *       address actually connected to, after DNS, so an IP literal, a name that re-resolves to
 *       127.0.0.1 after an earlier check (DNS rebinding), or any other way to reach an address
 *       is refused before a single packet is sent;
 *   <li>a network interceptor that checks the peer of the connection each request is about to
 *       use (a pooled connection included; behind a proxy, the target host by resolution) and,
 *       on a redirect, refuses before it is followed: a redirect from https to http, and a
 *       Location whose host is a refused or ambiguous IP literal;
 *   <li>an application interceptor that refuses the first hop's URL when it is plain http and
 *       http is not allowed, or its host is an IP literal in a non-canonical spelling
 *       ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.0.0.1}, {@code 127.1}: URL parsers
 *       and resolvers disagree on what these mean, so none is accepted).
 * </ol>
 * A refusal is a {@link BlockedAddressException} naming the {@link Rule}, never the URL.
 * Why the socket rather than a DNS hook: OkHttp never asks its {@code Dns} about an IP literal,
 * and a DNS hook checks an answer, not the connection made; a socket check cannot be bypassed by
 * any spelling or resolver. (OkHttp's event listener cannot veto a connection cleanly.)
 *
 * <p>{@link #check} validates a URL that comes from configuration or data up front (https only,
 * no user info, a host that resolves only to acceptable addresses) and throws a
 * {@link ValidationException}.
 *
 * <p>Local demos and tests relax the guard: {@link #allowingHttp()} ({@value #ALLOW_HTTP}),
 * {@link #allowingPrivateAddresses()} ({@value #ALLOW_PRIVATE_ADDRESSES}: loopback, private and
 * CGNAT addresses), or, narrower, {@link #allowingPrivateTarget} ({@value #ALLOW_PRIVATE_TARGETS}:
 * exactly these {@code host:port} pairs, so a stub server on loopback is reachable and nothing else
 * private is). Link-local, unspecified, multicast and reserved addresses are never allowed. Behind
 * an HTTP proxy the socket check sees the proxy (allow it as a private target when it is on a
 * private address) and the proxy must enforce its own egress rules.
 */
public final class SsrfGuard {
  /** Configuration key: plain http is accepted (local sandboxes and tests only). Default false. */
  public static final String ALLOW_HTTP = "allow-http";
  /** Configuration key: loopback, private and CGNAT addresses are accepted (local demos only). Default false. */
  public static final String ALLOW_PRIVATE_ADDRESSES = "allow-private-addresses";
  /**
   * Configuration key: comma-separated {@code host:port} pairs that may be on loopback, private or
   * CGNAT addresses (a stub server in tests). Default none.
   */
  public static final String ALLOW_PRIVATE_TARGETS = "allow-private-targets";

  /** Why the guard refused a connection, a redirect or a URL. */
  public enum Rule {
    /** 127/8, ::1. */
    LOOPBACK("a loopback address", true),
    /** 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10, 64:ff9b:1::/48. */
    PRIVATE("a private address", true),
    /** 100.64/10. */
    CARRIER_GRADE_NAT("a carrier-grade NAT address", true),
    /**
     * The instance metadata services of the big clouds, wherever they live (169.254.169.254,
     * 169.254.170.2, 100.100.100.200, fd00:ec2::254): never relaxed, even where their range is.
     */
    CLOUD_METADATA("a cloud metadata address", false),
    /** 169.254/16, fe80::/10. */
    LINK_LOCAL("a link-local address", false),
    /** 0.0.0.0/8, ::. */
    UNSPECIFIED("the unspecified address", false),
    /** 224/4, ff00::/8. */
    MULTICAST("a multicast address", false),
    /** 240/4 and broadcast, IETF, benchmarking and documentation ranges, IPv6 outside 2000::/3. */
    RESERVED("a reserved address", false),
    /** An IPv4 literal spelled other than as four canonical decimal parts. */
    NON_CANONICAL_IP_LITERAL("an IP address literal in a non-canonical spelling", false),
    /** Plain http where only https is allowed. */
    INSECURE_SCHEME("plain http where only https is allowed", false),
    /** A redirect from https to http. */
    INSECURE_REDIRECT("a redirect from https to http", false);

    private final String description;
    private final boolean relaxable;

    Rule(String description, boolean relaxable) {
      this.description = description;
      this.relaxable = relaxable;
    }

    /** A short PHI-free description. */
    public String description() {
      return description;
    }

    /** Whether {@link #allowingPrivateAddresses()} or a private target relaxes this rule. */
    public boolean isRelaxable() {
      return relaxable;
    }
  }

  /** Resolves a host name to its addresses. */
  @FunctionalInterface
  public interface HostResolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver. */
    static HostResolver system() {
      return host -> Arrays.asList(InetAddress.getAllByName(host));
    }
  }

  /** A {@code host:port} that may be on a private address. */
  private record Target(String host, int port) {}

  private final boolean httpAllowed;
  private final boolean privateAllowed;
  private final List<Target> privateTargets;
  private final HostResolver resolver;
  private final boolean customResolver;

  private SsrfGuard(boolean httpAllowed, boolean privateAllowed, List<Target> privateTargets, HostResolver resolver,
      boolean customResolver) {
    this.httpAllowed = httpAllowed;
    this.privateAllowed = privateAllowed;
    this.privateTargets = List.copyOf(privateTargets);
    this.resolver = Checks.notNull(resolver, "SSRF guard resolver");
    this.customResolver = customResolver;
  }

  /** https only, public addresses only, the JVM's resolver. */
  public static SsrfGuard strict() {
    return new SsrfGuard(false, false, List.of(), HostResolver.system(), false);
  }

  /**
   * The guard a connector's configuration asks for: {@link #strict()}, relaxed by
   * {@value #ALLOW_HTTP}, {@value #ALLOW_PRIVATE_ADDRESSES} and {@value #ALLOW_PRIVATE_TARGETS}.
   *
   * @throws ValidationException naming the property when one is malformed
   */
  public static SsrfGuard from(ConnectorConfig config) {
    Checks.notNull(config, "connector config");
    SsrfGuard g = strict();
    if (config.bool(ALLOW_HTTP, false)) {
      g = g.allowingHttp();
    }
    if (config.bool(ALLOW_PRIVATE_ADDRESSES, false)) {
      g = g.allowingPrivateAddresses();
    }
    Optional<String> targets = config.get(ALLOW_PRIVATE_TARGETS);
    if (targets.isPresent()) {
      g = g.allowingPrivateTargets(targets.get(), "connector " + config.id() + ": property '" + ALLOW_PRIVATE_TARGETS + "'");
    }
    return g;
  }

  /**
   * A copy that also accepts each {@code host:port} of a comma-separated list (the form of
   * {@value #ALLOW_PRIVATE_TARGETS}).
   *
   * @param where what to name in an error (the connector and property)
   * @throws ValidationException naming the entry when one is malformed
   */
  public SsrfGuard allowingPrivateTargets(String hostPorts, String where) {
    Checks.notNull(hostPorts, "private targets");
    SsrfGuard g = this;
    String[] parts = hostPorts.split(",");
    for (int i = 0; i < parts.length; i++) {
      String entry = where + " entry " + (i + 1);
      String part = parts[i].strip();
      int colon = part.lastIndexOf(':');
      if (colon <= 0 || colon == part.length() - 1) {
        throw new ValidationException(entry + " must be host:port");
      }
      int port;
      try {
        port = Integer.parseInt(part.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new ValidationException(entry + " must end in a port number");
      }
      g = g.allowingPrivateTarget(part.substring(0, colon), port, entry);
    }
    return g;
  }

  /** A copy that also accepts plain http (tests, local sandboxes). */
  public SsrfGuard allowingHttp() {
    return new SsrfGuard(true, privateAllowed, privateTargets, resolver, customResolver);
  }

  /**
   * A copy that also accepts loopback, private and CGNAT addresses (tests, local demos). Link-local
   * (cloud metadata), unspecified, multicast and reserved addresses stay refused.
   */
  public SsrfGuard allowingPrivateAddresses() {
    return new SsrfGuard(httpAllowed, true, privateTargets, resolver, customResolver);
  }

  /**
   * A copy that accepts exactly {@code host:port} on a loopback, private or CGNAT address (a stub
   * server), and no other private address. {@code host} is a name or an IP literal ({@code [::1]}).
   */
  public SsrfGuard allowingPrivateTarget(String host, int port) {
    return allowingPrivateTarget(host, port, "SSRF guard private target");
  }

  private SsrfGuard allowingPrivateTarget(String host, int port, String what) {
    Checks.notBlank(host, what + " host");
    if (port < 1 || port > 65535) {
      throw new ValidationException(what + ": port must be between 1 and 65535");
    }
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    List<Target> targets = new ArrayList<>(privateTargets);
    targets.add(new Target(h, port));
    return new SsrfGuard(httpAllowed, privateAllowed, targets, resolver, customResolver);
  }

  /**
   * A copy that resolves host names through {@code hostResolver}: in {@link #check}, for private
   * targets, and as the DNS of the clients it is {@linkplain #applyTo applied to}.
   */
  public SsrfGuard withResolver(HostResolver hostResolver) {
    return new SsrfGuard(httpAllowed, privateAllowed, privateTargets, hostResolver, true);
  }

  public boolean allowsHttp() {
    return httpAllowed;
  }

  public boolean allowsPrivateAddresses() {
    return privateAllowed;
  }

  // ---------------------------------------------------------------- validating a URL up front

  /**
   * Parses and checks a URL that came from configuration or data.
   *
   * @param what names the URL in errors ("connector sp-main property 'feed-url'"); the URL itself
   *     is not echoed, since feed URLs are capabilities
   * @throws ValidationException when it is not an absolute http(s) URL, uses a refused scheme,
   *     carries user info, or its host is refused or does not resolve to acceptable addresses
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
    if (uri.getRawUserInfo() != null) {
      throw new ValidationException(what + " must not carry user info");
    }
    HttpUrl url = HttpUrl.parse(uri.toString());
    if (url == null || url.host().isBlank()) {
      throw new ValidationException(what + " has no valid host");
    }
    Optional<Rule> literal = literalRefusal(url);
    if (literal.isPresent()) {
      throw refusedHost(what, literal.get());
    }
    if (IpAddresses.isIpLiteral(url.host())) {
      return uri;
    }
    List<InetAddress> addresses;
    try {
      addresses = resolver.resolve(url.host());
    } catch (UnknownHostException e) {
      throw new ValidationException(what + ": host does not resolve");
    }
    if (addresses.isEmpty()) {
      throw new ValidationException(what + ": host does not resolve");
    }
    for (InetAddress a : addresses) {
      Optional<Rule> refused = refusal(a, url.port());
      if (refused.isPresent()) {
        throw refusedHost(what, refused.get());
      }
    }
    return uri;
  }

  private static ValidationException refusedHost(String what, Rule rule) {
    return new ValidationException(what + ": host is " + rule.description() + " (a non-public address, rule "
        + rule + "), refused");
  }

  // ---------------------------------------------------------------- the rules

  /** Whether an address is publicly routable unicast: {@link #classify} finds no rule against it. */
  public static boolean isPublic(InetAddress a) {
    return classify(a).isEmpty();
  }

  /** The rule an address breaks, if any, before any relaxation. */
  public static Optional<Rule> classify(InetAddress a) {
    return IpAddresses.classify(Checks.notNull(a, "address"));
  }

  /** The rule this guard applies to connecting to {@code address:port}, after its relaxations. */
  public Optional<Rule> refusal(InetAddress address, int port) {
    Optional<Rule> rule = classify(address);
    if (rule.isEmpty() || !rule.get().isRelaxable()) {
      return rule;
    }
    if (privateAllowed || isPrivateTarget(address, port)) {
      return Optional.empty();
    }
    return rule;
  }

  private boolean isPrivateTarget(InetAddress address, int port) {
    for (Target t : privateTargets) {
      if (t.port() != port) {
        continue;
      }
      try {
        List<InetAddress> addresses = IpAddresses.isIpLiteral(t.host()) ? List.of(InetAddress.getByName(t.host()))
            : resolver.resolve(t.host());
        if (addresses.contains(address)) {
          return true;
        }
      } catch (UnknownHostException e) {
        // an unresolvable target allows nothing
      }
    }
    return false;
  }

  /**
   * The rule a URL breaks before any connection is made: plain http when only https is allowed,
   * an IPv4 literal in a non-canonical spelling, or an IP literal host this guard refuses.
   */
  public Optional<Rule> literalRefusal(HttpUrl url) {
    if (!url.isHttps() && !httpAllowed) {
      return Optional.of(Rule.INSECURE_SCHEME);
    }
    String host = url.host();
    if (IpAddresses.endsInNumber(host)) {
      if (!IpAddresses.isCanonicalIpv4(host)) {
        return Optional.of(Rule.NON_CANONICAL_IP_LITERAL);
      }
    } else if (!host.contains(":")) {
      return Optional.empty(); // a name: checked at connect time
    }
    try {
      return refusal(InetAddress.getByName(host), url.port());
    } catch (UnknownHostException e) {
      return Optional.of(Rule.NON_CANONICAL_IP_LITERAL);
    }
  }

  // ---------------------------------------------------------------- installing it on a client

  /**
   * Installs the guard on a client builder: the checking socket factory (replacing any other),
   * the network interceptor, the first-hop interceptor, redirects across schemes followed only
   * upwards (http to https; https to http is refused), and this guard's resolver as DNS when one
   * was {@linkplain #withResolver given}. Refusals are {@link BlockedAddressException}s of
   * {@code classifier}'s connector, carried out of OkHttp in a {@link ClassifiedIOException}.
   */
  public OkHttpClient.Builder applyTo(OkHttpClient.Builder builder, HttpErrorClassifier classifier) {
    Checks.notNull(builder, "client builder");
    Checks.notNull(classifier, "error classifier");
    builder.socketFactory(new GuardedSocketFactory(this, classifier));
    if (customResolver) {
      builder.dns(resolver::resolve);
    }
    builder.followSslRedirects(true);
    builder.addInterceptor(new FirstHopCheck(this, classifier));
    builder.addNetworkInterceptor(new HopCheck(this, classifier));
    return builder;
  }

  private static ClassifiedIOException blocked(HttpErrorClassifier classifier, Rule rule, String target) {
    return new ClassifiedIOException(classifier.blocked(rule, target));
  }

  /** Refuses the first hop's URL before anything is resolved or connected. */
  private record FirstHopCheck(SsrfGuard guard, HttpErrorClassifier classifier) implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Request request = chain.request();
      Optional<Rule> refused = guard.literalRefusal(request.url());
      if (refused.isPresent()) {
        throw blocked(classifier, refused.get(), "");
      }
      return chain.proceed(request);
    }
  }

  /**
   * Runs once per hop on the connection the hop uses: checks its peer, then refuses a redirect
   * before OkHttp follows it.
   */
  private record HopCheck(SsrfGuard guard, HttpErrorClassifier classifier) implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Request request = chain.request();
      Connection connection = chain.connection();
      if (connection != null) {
        checkConnection(connection, request.url());
      }
      Response response = chain.proceed(request);
      if (response.isRedirect()) {
        String location = response.header("Location");
        HttpUrl next = location == null ? null : request.url().resolve(location);
        if (next != null) {
          Optional<Rule> refused = request.isHttps() && !next.isHttps()
              ? Optional.of(Rule.INSECURE_REDIRECT) : guard.literalRefusal(next);
          if (refused.isPresent()) {
            response.close();
            throw blocked(classifier, refused.get(), "");
          }
        }
      }
      return response;
    }

    private void checkConnection(Connection connection, HttpUrl url) throws IOException {
      if (connection.route().proxy().type() == Proxy.Type.DIRECT) {
        Socket socket = connection.socket();
        InetAddress peer = socket.getInetAddress();
        int port = socket.getPort();
        if (peer == null) {
          InetSocketAddress routed = connection.route().socketAddress();
          peer = routed.getAddress();
          port = routed.getPort();
        }
        if (peer != null) {
          Optional<Rule> refused = guard.refusal(peer, port);
          if (refused.isPresent()) {
            throw blocked(classifier, refused.get(), peer.getHostAddress());
          }
        }
        return;
      }
      // through a proxy the socket's peer is the proxy: check what the target's name resolves to
      if (IpAddresses.isIpLiteral(url.host())) {
        return; // literals were checked before the hop
      }
      List<InetAddress> addresses;
      try {
        addresses = guard.resolver.resolve(url.host());
      } catch (UnknownHostException e) {
        return; // the proxy resolves it; nothing we can vet
      }
      for (InetAddress a : addresses) {
        Optional<Rule> refused = guard.refusal(a, url.port());
        if (refused.isPresent()) {
          throw blocked(classifier, refused.get(), a.getHostAddress());
        }
      }
    }
  }

  /** Makes sockets that refuse to connect to an address the guard refuses. */
  private static final class GuardedSocketFactory extends SocketFactory {
    private final SsrfGuard guard;
    private final HttpErrorClassifier classifier;

    GuardedSocketFactory(SsrfGuard guard, HttpErrorClassifier classifier) {
      this.guard = guard;
      this.classifier = classifier;
    }

    @Override
    public Socket createSocket() {
      return new GuardedSocket(guard, classifier);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      Socket s = createSocket();
      s.connect(new InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      Socket s = createSocket();
      s.bind(new InetSocketAddress(localHost, localPort));
      s.connect(new InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      Socket s = createSocket();
      s.connect(new InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      Socket s = createSocket();
      s.bind(new InetSocketAddress(localAddress, localPort));
      s.connect(new InetSocketAddress(address, port));
      return s;
    }
  }

  /** A plain socket that checks the resolved address before connecting to it. */
  private static final class GuardedSocket extends Socket {
    private final SsrfGuard guard;
    private final HttpErrorClassifier classifier;

    GuardedSocket(SsrfGuard guard, HttpErrorClassifier classifier) {
      this.guard = guard;
      this.classifier = classifier;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (endpoint instanceof InetSocketAddress isa && isa.getAddress() != null) {
        Optional<Rule> refused = guard.refusal(isa.getAddress(), isa.getPort());
        if (refused.isPresent()) {
          close();
          throw blocked(classifier, refused.get(), isa.getAddress().getHostAddress());
        }
      }
      super.connect(endpoint, timeout);
    }
  }

  @Override
  public String toString() {
    return "SsrfGuard[" + (httpAllowed ? "http allowed" : "https only") + ", "
        + (privateAllowed ? "private addresses allowed" : "public addresses only")
        + (privateTargets.isEmpty() ? "" : ", " + privateTargets.size() + " private targets") + "]";
  }
}
