package io.aiff.ticket.dispatch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Canonical JSON (RFC 8785, JCS) of the values dispatch writes: members sorted by their UTF-16 code units, no
 * whitespace, strings escaped as JCS says, numbers as ECMAScript writes them — for the numbers dispatch allows
 * (integers, and decimals of at most 6 places between -10^9 and 10^9) that is the plain decimal without trailing zeros.
 */
public final class Canonical {

    /** Decimal places kept of any number that is not an integer. */
    public static final int SCALE = 6;

    private Canonical() {
    }

    public static String of(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    /** SHA-256 of the canonical form, lower-case hex. */
    public static String hash(Object value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(of(value).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A number as dispatch keeps it: at most {@link #SCALE} places (a double's noise rounded away), no trailing zeros. */
    public static BigDecimal decimal(Number n) {
        BigDecimal d = n instanceof BigDecimal b ? b : n instanceof Double || n instanceof Float
                ? new BigDecimal(Double.toString(n.doubleValue())) : BigDecimal.valueOf(n.longValue());
        BigDecimal rounded = d.setScale(SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return rounded.signum() == 0 ? BigDecimal.ZERO : rounded;
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof JsonObject o) {
            write(out, o.getMap());
        } else if (value instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, e.getKey());
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof JsonArray a) {
            write(out, a.getList());
        } else if (value instanceof Iterable<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, item);
            }
            out.append(']');
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof Number n) {
            out.append(decimal(n).toPlainString());
        } else {
            throw new IllegalArgumentException("not JSON: " + value.getClass());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
