package io.aiff.ticket.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/** How statements are planned, where the default does not serve. */
final class Plans {

    private Plans() {
    }

    /**
     * Plans every statement for its actual parameters for the rest of the transaction. Statements whose filters are
     * written "{@code $n IS NULL OR ...}" need it: the connection keeps prepared statements (application.properties),
     * and a kept generic plan of such a statement cannot use the index the given filter needs.
     */
    static Uni<Void> perRequest(SqlClient db) {
        return db.query("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)").execute().replaceWithVoid();
    }
}
