package io.aiff.gateway.routing;

/** No instance of an upstream took the connection (all refused, or all are being skipped after failures). */
final class UpstreamUnavailable extends RuntimeException {

    UpstreamUnavailable(String upstream) {
        super("No instance of " + upstream + " is reachable", null, false, false);
    }
}
