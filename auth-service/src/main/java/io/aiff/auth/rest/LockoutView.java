package io.aiff.auth.rest;

import io.aiff.auth.service.LoginGuard;

import java.time.Instant;

public record LockoutView(boolean locked, Instant until, int lockouts, long recentFailures) {

    public static LockoutView of(LoginGuard.Lockout lockout) {
        return new LockoutView(lockout.locked(), lockout.until(), lockout.lockouts(), lockout.recentFailures());
    }
}
