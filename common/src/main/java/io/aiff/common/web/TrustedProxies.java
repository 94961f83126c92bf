package io.aiff.common.web;

import io.vertx.core.http.HttpServerRequest;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The proxies whose X-Forwarded-For is believed (exact IPs or CIDR ranges). The caller's IP address is the
 * connection's peer, or — only when that peer is a trusted proxy — the address the proxy put last in
 * X-Forwarded-For. A client cannot choose its address by sending the header itself.
 */
public final class TrustedProxies {

    private record Range(BigInteger network, BigInteger mask, int bytes) {
        boolean contains(byte[] address) {
            return address.length == bytes && new BigInteger(1, address).and(mask).equals(network);
        }
    }

    private final List<Range> trusted;

    public TrustedProxies(List<String> ranges) {
        this.trusted = ranges.stream().map(String::strip).filter(r -> !r.isEmpty()).map(TrustedProxies::range).toList();
    }

    /** The caller's address: the peer, or what a trusted proxy put last in X-Forwarded-For. */
    public String clientAddress(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank() || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].strip();
        return last.isEmpty() || last.length() > 45 ? peer : last;
    }

    public boolean isTrusted(String address) {
        byte[] bytes = literal(address);
        return bytes != null && trusted.stream().anyMatch(range -> range.contains(bytes));
    }

    private static Range range(String cidr) {
        String[] parts = cidr.strip().split("/");
        byte[] address = literal(parts[0]);
        if (address == null) {
            throw new IllegalArgumentException("Not an IP address or CIDR range: " + cidr);
        }
        int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : address.length * 8;
        int total = address.length * 8;
        BigInteger mask = BigInteger.ONE.shiftLeft(total).subtract(BigInteger.ONE)
                .shiftRight(total - bits).shiftLeft(total - bits);
        return new Range(new BigInteger(1, address).and(mask), mask, address.length);
    }

    /** Parses an IP literal without ever doing a DNS lookup. */
    private static byte[] literal(String text) {
        if (text == null || text.isEmpty() || !text.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
