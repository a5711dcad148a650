package io.defuse.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Keeps webhook deliveries from being turned against the service's own network (SSRF):
 * targets must be https on a public address. Checked when an endpoint is registered and
 * again before every attempt, since DNS answers can change. Private targets can be
 * allowed for local development.
 */
final class TargetGuard {

	private final boolean allowPrivate;

	TargetGuard(boolean allowPrivate) {
		this.allowPrivate = allowPrivate;
	}

	/** The URL as a URI, or why it may not be a webhook target. */
	URI parse(String url) throws RefusedTarget {
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			throw new RefusedTarget("is not a valid URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(java.util.Locale.ROOT) : "";
		if (!scheme.equals("https") && !(this.allowPrivate && scheme.equals("http"))) {
			throw new RefusedTarget("must be an https URL");
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			throw new RefusedTarget("must name a host");
		}
		if (uri.getRawUserInfo() != null) {
			throw new RefusedTarget("must not carry credentials; use the signature to authenticate");
		}
		if (uri.getRawFragment() != null) {
			throw new RefusedTarget("must not have a fragment");
		}
		return uri;
	}

	/** Resolves the host and refuses it if any of its addresses is not public. */
	void check(URI uri) throws RefusedTarget {
		if (this.allowPrivate) {
			return;
		}
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(uri.getHost());
		}
		catch (UnknownHostException ex) {
			throw new RefusedTarget("host " + uri.getHost() + " cannot be resolved");
		}
		for (InetAddress address : addresses) {
			if (!isPublic(address)) {
				throw new RefusedTarget("resolves to a private, loopback or link-local address");
			}
		}
	}

	static boolean isPublic(InetAddress address) {
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] b = address.getAddress();
		if (address instanceof Inet4Address) {
			return isPublicV4(b);
		}
		if (address instanceof Inet6Address) {
			// v4-mapped (::ffff:a.b.c.d), v4-compatible (::a.b.c.d) and NAT64
			// (64:ff9b::/96) carry an IPv4 address
			if (isZero(b, 0, 10) && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || isZero(b, 10, 12))) {
				return isPublicV4(new byte[] { b[12], b[13], b[14], b[15] });
			}
			if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && isZero(b, 4, 12)) {
				return isPublicV4(new byte[] { b[12], b[13], b[14], b[15] });
			}
			int first = b[0] & 0xff;
			if ((first & 0xfe) == 0xfc) {
				return false; // unique local fc00::/7
			}
			if (first == 0xfe && (b[1] & 0xc0) == 0x80) {
				return false; // link-local fe80::/10
			}
			if (first == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == (byte) 0xb8) {
				return false; // documentation 2001:db8::/32
			}
			return true;
		}
		return false;
	}

	private static boolean isPublicV4(byte[] b) {
		int a0 = b[0] & 0xff;
		int a1 = b[1] & 0xff;
		return !(a0 == 0 || a0 == 10 || a0 == 127 || (a0 == 100 && a1 >= 64 && a1 <= 127) || (a0 == 169 && a1 == 254)
				|| (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)
				|| (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) || (a0 == 198 && (a1 == 18 || a1 == 19)) || a0 >= 224);
	}

	private static boolean isZero(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

	/** Why a URL may not be a webhook target. */
	static final class RefusedTarget extends Exception {

		RefusedTarget(String reason) {
			super(reason);
		}

	}

}
