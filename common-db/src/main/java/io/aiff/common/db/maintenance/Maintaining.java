package io.aiff.common.db.maintenance;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;

/** Skips every scheduled job of a service in a maintenance run ({@code AIFF_MODE=maintain}): it does only the maintenance. */
@Singleton
public class Maintaining implements Scheduled.SkipPredicate {

    @Override
    public boolean test(ScheduledExecution execution) {
        return ServiceMain.maintaining();
    }
}
