package io.aiff.ticket.service;

import io.aiff.common.problem.ProblemException;
import io.aiff.ticket.repository.SyncRepository.Position;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * Where a sync stands, opaque to clients: in the snapshot (tickets after {@code afterId}, the changes to follow from
 * {@code from}) or in the changes (after {@code from}); and the scope it was issued for, so that a caller whose scope
 * changed resyncs (410) instead of keeping tickets it may no longer read. Based on log positions, never on clocks.
 */
public record SyncCursor(boolean snapshot, int afterId, Position from, String scope) {

    private static final String VERSION = "s1";

    public static SyncCursor snapshot(long horizon, String scope) {
        return new SyncCursor(true, 0, new Position(horizon, -1), scope);
    }

    public SyncCursor next(int lastId) {
        return new SyncCursor(true, lastId, from, scope);
    }

    public SyncCursor changesFrom(Position position) {
        return new SyncCursor(false, 0, position, scope);
    }

    public String encode() {
        String text = String.join(".", VERSION, snapshot ? "s" : "c", String.valueOf(afterId),
                Long.toUnsignedString(from.txid()), String.valueOf(from.seq()), scope);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A cursor this API returned, else 400 naming {@code cursor}. */
    public static SyncCursor decode(String cursor) {
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\.");
            if (p.length != 6 || !p[0].equals(VERSION) || !(p[1].equals("s") || p[1].equals("c"))) {
                throw new IllegalArgumentException();
            }
            return new SyncCursor(p[1].equals("s"), Integer.parseInt(p[2]),
                    new Position(Long.parseUnsignedLong(p[3]), Long.parseLong(p[4])), p[5]);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("cursor", "is not a cursor this API returned");
        }
    }

    /** What a sync's answers depend on: whether the caller reads everything, its zones and its teams. */
    public static String scopeOf(Scope scope) {
        String text = scope.reads().sql() + "|" + scope.zoneIds().stream().map(String::valueOf).collect(Collectors.joining(","))
                + "|" + scope.teamIds().stream().map(String::valueOf).collect(Collectors.joining(","))
                + "|" + String.join(",", scope.legacyZoneNames());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
