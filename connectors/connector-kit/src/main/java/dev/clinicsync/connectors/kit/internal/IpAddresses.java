package dev.clinicsync.connectors.kit.internal;

import dev.clinicsync.connectors.kit.SsrfGuard;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What an IP address is, apart from any policy: which {@link SsrfGuard.Rule} a raw address breaks
 * (loopback, private, CGNAT, link-local, metadata, multicast, reserved; IPv4-mapped, NAT64 and
 * 6to4 forms read through to the embedded IPv4 address), and how a URL host is spelled (an IP
 * literal, canonical dotted-decimal or not). {@link SsrfGuard} applies its relaxations on top.
 */
public final class IpAddresses {
  private IpAddresses() {}

  /** The rule a raw address breaks, if any. */
  public static Optional<SsrfGuard.Rule> classify(InetAddress a) {
    byte[] b = a.getAddress();
    for (byte[] metadata : METADATA_ADDRESSES) {
      if (Arrays.equals(metadata, b)) {
        return Optional.of(SsrfGuard.Rule.CLOUD_METADATA);
      }
    }
    return b.length == 4 ? classifyV4(b, 0) : classifyV6(b);
  }

  private static final List<byte[]> METADATA_ADDRESSES = List.of(
      new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254}, // AWS, GCP, Azure, OpenStack, ...
      new byte[] {(byte) 169, (byte) 254, (byte) 170, 2}, // AWS ECS task metadata
      new byte[] {100, 100, 100, (byte) 200}, // Alibaba Cloud
      new byte[] {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54}); // AWS IPv6

  static Optional<SsrfGuard.Rule> classifyV4(byte[] bytes, int at) {
    int b0 = bytes[at] & 0xff;
    int b1 = bytes[at + 1] & 0xff;
    int b2 = bytes[at + 2] & 0xff;
    if (b0 == 0) {
      return Optional.of(SsrfGuard.Rule.UNSPECIFIED); // "this network", 0.0.0.0 connects to the local host
    }
    if (b0 == 127) {
      return Optional.of(SsrfGuard.Rule.LOOPBACK);
    }
    if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
      return Optional.of(SsrfGuard.Rule.PRIVATE);
    }
    if (b0 == 100 && (b1 & 0xc0) == 64) {
      return Optional.of(SsrfGuard.Rule.CARRIER_GRADE_NAT);
    }
    if (b0 == 169 && b1 == 254) {
      return Optional.of(SsrfGuard.Rule.LINK_LOCAL);
    }
    if (b0 >= 224 && b0 <= 239) {
      return Optional.of(SsrfGuard.Rule.MULTICAST);
    }
    if (b0 >= 240 // reserved, and 255.255.255.255 broadcast
        || (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)) // IETF protocol assignments, TEST-NET-1
        || (b0 == 192 && b1 == 88 && b2 == 99) // 6to4 relay anycast
        || (b0 == 198 && (b1 == 18 || b1 == 19)) // benchmarking
        || (b0 == 198 && b1 == 51 && b2 == 100) // TEST-NET-2
        || (b0 == 203 && b1 == 0 && b2 == 113)) { // TEST-NET-3
      return Optional.of(SsrfGuard.Rule.RESERVED);
    }
    return Optional.empty();
  }

  static Optional<SsrfGuard.Rule> classifyV6(byte[] b) {
    if (zero(b, 0, 16)) {
      return Optional.of(SsrfGuard.Rule.UNSPECIFIED);
    }
    if (zero(b, 0, 15) && b[15] == 1) {
      return Optional.of(SsrfGuard.Rule.LOOPBACK);
    }
    if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return classifyV4(b, 12); // IPv4-mapped ::ffff:a.b.c.d
    }
    if (zero(b, 0, 12)) {
      // IPv4-compatible ::a.b.c.d (deprecated): never a legitimate vendor address
      return Optional.of(classifyV4(b, 12).orElse(SsrfGuard.Rule.RESERVED));
    }
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    if (b0 == 0xff) {
      return Optional.of(SsrfGuard.Rule.MULTICAST);
    }
    if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
      return Optional.of(SsrfGuard.Rule.LINK_LOCAL);
    }
    if ((b0 == 0xfe && (b1 & 0xc0) == 0xc0) || (b0 & 0xfe) == 0xfc) {
      return Optional.of(SsrfGuard.Rule.PRIVATE); // site-local fec0::/10 (deprecated), unique local fc00::/7
    }
    if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      if (zero(b, 4, 12)) {
        return classifyV4(b, 12); // NAT64 64:ff9b::/96 reaches the embedded IPv4 address
      }
      if (b[4] == 0 && b[5] == 1) {
        return Optional.of(SsrfGuard.Rule.PRIVATE); // local-use NAT64 64:ff9b:1::/48
      }
    }
    if (b0 == 0x20 && b1 == 0x02) {
      return classifyV4(b, 2); // 6to4 2002::/16 reaches the embedded IPv4 address
    }
    if (b0 == 0x20 && b1 == 0x01 && b[2] == 0 && b[3] == 0) {
      return Optional.of(SsrfGuard.Rule.RESERVED); // Teredo: an obfuscated IPv4 address we cannot vet
    }
    if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
      return Optional.of(SsrfGuard.Rule.RESERVED); // documentation 2001:db8::/32
    }
    if ((b0 & 0xe0) != 0x20) {
      return Optional.of(SsrfGuard.Rule.RESERVED); // outside global unicast 2000::/3
    }
    return Optional.empty();
  }

  static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  public static boolean isIpLiteral(String host) {
    return host.contains(":") || endsInNumber(host);
  }

  /**
   * Whether a URL parser following WHATWG would read the host as an IPv4 address: its last label
   * is decimal digits or a 0x hex number.
   */
  public static boolean endsInNumber(String host) {
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String last = h.substring(h.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    if (last.isEmpty()) {
      return false;
    }
    if (last.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return true;
    }
    return last.startsWith("0x") && last.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  /** Four decimal parts of 0..255 without leading zeros, nothing else. */
  public static boolean isCanonicalIpv4(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')
          || !p.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }
}
