package io.aiff.team;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.PagedCollectionContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "teams"))
class ZoneCollectionTest implements PagedCollectionContract {

    @Override
    public String collectionPath() {
        return "/api/zones";
    }
}
