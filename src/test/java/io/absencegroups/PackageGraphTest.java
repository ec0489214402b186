package io.absencegroups;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package graph of the main code: dependencies go one way (no cycle between the feature packages),
 * and the simulator, which exists only in dev and test builds, is used by nothing outside it.
 */
class PackageGraphTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.absencegroups");

    @Test
    void theMainCodeIsWhatIsChecked() {
        assertTrue(MAIN.size() > 50, "classes imported: " + MAIN.size());
        for (String part : new String[]{"api", "cache", "config", "health", "json", "receiver", "simulator",
                "subscription", "sync", "upstream"}) {
            assertTrue(MAIN.containPackage("io.absencegroups." + part), part);
        }
        assertTrue(MAIN.stream().noneMatch(c -> c.getSimpleName().endsWith("Test")), "no test class");
    }

    @Test
    void noCycleBetweenPackages() {
        slices().matching("io.absencegroups.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void nothingOutsideTheSimulatorUsesIt() {
        noClasses().that().resideOutsideOfPackage("io.absencegroups.simulator..")
                .should().dependOnClassesThat().resideInAPackage("io.absencegroups.simulator..")
                .check(MAIN);
    }
}
