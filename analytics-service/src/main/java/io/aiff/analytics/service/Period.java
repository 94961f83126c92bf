package io.aiff.analytics.service;

import io.aiff.common.problem.ProblemException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The days a number covers, {@code from} to {@code to} inclusive, in the deployment's time zone: from the start of
 * {@code from} to the start of the day after {@code to}. Default: the 30 days up to today. At most two years (what
 * analytics keeps).
 */
public record Period(LocalDate from, LocalDate to, ZoneId zone) {

    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 731;
    static final int FIRST_YEAR = 2000;
    static final int LAST_YEAR = 9999;

    public static Period of(String from, String to, ZoneId zone, LocalDate today) {
        LocalDate end = to == null || to.isBlank() ? today : date("to", to);
        LocalDate start = from == null || from.isBlank() ? end.minusDays(DEFAULT_DAYS - 1) : date("from", from);
        if (start.isAfter(end)) {
            throw ProblemException.badRequest("from", "is after to");
        }
        if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            throw ProblemException.badRequest("from", "is more than " + MAX_DAYS + " days before to");
        }
        return new Period(start, end, zone);
    }

    public Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The first instant after the period. */
    public Instant end() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    private static LocalDate date(String name, String value) {
        LocalDate date;
        try {
            date = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name, "must be a date (YYYY-MM-DD)");
        }
        if (date.getYear() < FIRST_YEAR || date.getYear() > LAST_YEAR) {
            throw ProblemException.badRequest(name, "must be a date between " + FIRST_YEAR + " and " + LAST_YEAR);
        }
        return date;
    }
}
