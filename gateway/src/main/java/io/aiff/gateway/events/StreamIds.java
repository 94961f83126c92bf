package io.aiff.gateway.events;

/** Redis stream entry ids ({@code <ms>-<seq>}), compared as the pair of numbers they are. */
final class StreamIds {

    private StreamIds() {
    }

    static boolean valid(String id) {
        return id != null && id.matches("\\d{1,20}-\\d{1,20}");
    }

    static int compare(String a, String b) {
        int dash = a.indexOf('-');
        int dashB = b.indexOf('-');
        int byMillis = Long.compare(Long.parseUnsignedLong(a.substring(0, dash)), Long.parseUnsignedLong(b.substring(0, dashB)));
        return byMillis != 0 ? byMillis
                : Long.compare(Long.parseUnsignedLong(a.substring(dash + 1)), Long.parseUnsignedLong(b.substring(dashB + 1)));
    }
}
