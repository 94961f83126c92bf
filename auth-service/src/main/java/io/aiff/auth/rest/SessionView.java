package io.aiff.auth.rest;

import io.aiff.auth.service.Sessions;

import java.time.Instant;

public record SessionView(String sid, int userId, Instant createdAt, Instant expires, String ip, String userAgent,
                          boolean current) {

    public static SessionView of(Sessions.Session s, String currentSid) {
        return new SessionView(s.sid(), s.userId(), s.createdAt(), s.expires(), s.ip(), s.userAgent(),
                s.sid().equals(currentSid));
    }
}
