package io.microseg.controller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The house rules of ../shared/STYLE.md: pure modules stay pure; only the controller speaks OpenFlow and Netty. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.microseg");

    @Test
    void onlyTheControllerImportsNettyOrLoxi() {
        noClasses().that().resideOutsideOfPackage("io.microseg.controller..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "org.projectfloodlight..")
                .check(CLASSES);
    }

    @Test
    void onlyRestAndControllerImportJersey() {
        noClasses().that().resideInAnyPackage("io.microseg.topology..", "io.microseg.flowrules..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws..", "org.glassfish..", "com.fasterxml..")
                .check(CLASSES);
    }

    @Test
    void topologyDependsOnNothingAbove() {
        noClasses().that().resideInAPackage("io.microseg.topology..")
                .should().dependOnClassesThat().resideInAnyPackage("io.microseg.flowrules..", "io.microseg.rest..",
                        "io.microseg.controller..")
                .check(CLASSES);
    }

    @Test
    void flowrulesDependsOnlyOnTopology() {
        noClasses().that().resideInAPackage("io.microseg.flowrules..")
                .should().dependOnClassesThat().resideInAnyPackage("io.microseg.rest..", "io.microseg.controller..")
                .check(CLASSES);
    }

    @Test
    void restDoesNotReachIntoTheController() {
        noClasses().that().resideInAPackage("io.microseg.rest..")
                .should().dependOnClassesThat().resideInAnyPackage("io.microseg.controller..")
                .check(CLASSES);
    }
}
