package io.aiff.common.config;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The one clock of every service (token checks, lockouts, SLA arithmetic, grace windows); tests replace it with a
 * clock they move, so time passes without sleeping.
 */
public class Clocks {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
