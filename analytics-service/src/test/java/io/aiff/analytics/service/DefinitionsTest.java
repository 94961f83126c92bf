package io.aiff.analytics.service;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's definitions are the served ones, word for word. */
class DefinitionsTest {

    @Test
    void theReadmeStatesEveryDefinitionAsServed() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("## Definitions (version " + Definitions.VERSION + ")"));
        for (Definitions.Definition d : Definitions.ALL) {
            String row = "| `" + d.name() + "` | " + d.unit() + " | " + d.definition() + " |";
            assertTrue(readme.contains(row), "README.md lacks the row " + row);
        }
    }
}
