package dev.swarmgate;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps the package directions of docs/architecture.md true: configuration flows one way into an immutable
 * snapshot, and the data plane never reaches back into a configuration source, the admin API or the CLI.
 */
@AnalyzeClasses(packages = "dev.swarmgate", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule dataPlaneNeverReachesBackIntoControlPlane = noClasses()
            .that().resideInAnyPackage(
                    "dev.swarmgate.routing..", "dev.swarmgate.upstream..",
                    "dev.swarmgate.proxy..", "dev.swarmgate.server..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.swarmgate.store..", "dev.swarmgate.discovery..", "dev.swarmgate.listener..",
                    "dev.swarmgate.admin..", "dev.swarmgate.cli..")
            .because("the data plane reads immutable snapshots and never calls back into a source (architecture.md)")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule configModelIsPureJdk = classes()
            .that().resideInAPackage("dev.swarmgate.config")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.swarmgate.config", "java..")
            .because("config is the plain model: records and validation, no Netty, no I/O libraries")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule dfpCompatibilityOnlyTranslatesIntoTheModel = classes()
            .that().resideInAPackage("dev.swarmgate.config.dfp..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "dev.swarmgate.config", "dev.swarmgate.config.dfp..", "java..")
            .because("config.dfp turns DFP parameters, labels, env and secrets into the model and nothing else")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule routingDependsOnlyOnTheModel = classes()
            .that().resideInAPackage("dev.swarmgate.routing..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "dev.swarmgate.routing..", "dev.swarmgate.config", "dev.swarmgate.auth..", "java..")
            .because("route tables are compiled, immutable values built from the model only (auth checks the"
                    + " passwords of their basic-authentication steps)")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule tlsKnowsCertificatesAndTheModelOnly = classes()
            .that().resideInAPackage("dev.swarmgate.proxy.tls..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.swarmgate.proxy.tls..",
                    "dev.swarmgate.config", "dev.swarmgate.files..", "java..", "javax..", "io.netty..", "org.slf4j..")
            .because("proxy.tls owns certificates (dir, secrets, API uploads), SNI selection and TLS contexts, from"
                    + " the model only (architecture.md); HTTP comes after it through NegotiatedProtocol")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule filesAreOnlyFiles = classes()
            .that().resideInAPackage("dev.swarmgate.files..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.swarmgate.files..", "java..", "org.slf4j..")
            .because("files holds how the proxy writes what it keeps on disk, for store and proxy.tls alike")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule authOnlyChecksPasswords = classes()
            .that().resideInAPackage("dev.swarmgate.auth..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.swarmgate.auth..", "java..",
                    "org.apache.commons.codec..", "at.favre.lib.crypto.bcrypt..")
            .because("auth verifies passwords against crypt(3) hashes with the libraries of stack.md, nothing else")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule dockerClientKnowsNothingOfTheProxy = classes()
            .that().resideInAPackage("dev.swarmgate.docker..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.swarmgate.docker..", "java..",
                    "io.netty..", "com.fasterxml.jackson..", "org.slf4j..")
            .because("docker is a plain Engine API client (architecture.md)")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule discoveryTurnsDockerStateIntoConfiguration = classes()
            .that().resideInAPackage("dev.swarmgate.discovery..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.swarmgate.discovery..",
                    "dev.swarmgate.docker..", "dev.swarmgate.config..", "dev.swarmgate.store..", "java..",
                    "org.slf4j..")
            .because("discovery reads Docker and feeds the store; endpoints reach the data plane through cli wiring")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule syncKeepsAReplicaInStepThroughTheStore = classes()
            .that().resideInAPackage("dev.swarmgate.sync..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.swarmgate.sync..", "dev.swarmgate.config..",
                    "dev.swarmgate.store..", "dev.swarmgate.upstream..", "java..", "com.fasterxml.jackson..",
                    "org.slf4j..")
            .because("sync feeds a replica from listeners and peers through the store, like any other source")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule controlPlaneHttpKnowsNoEndpoint = classes()
            .that().resideInAPackage("dev.swarmgate.httpapi..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.swarmgate.httpapi..", "java..", "io.netty..",
                    "com.fasterxml.jackson..", "org.slf4j..")
            .because("httpapi is the HTTP server the admin API and the listener API share; they own the paths")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule listenerNotifiesFromWhatDiscoverySees = classes()
            .that().resideInAPackage("dev.swarmgate.listener..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.swarmgate.listener..",
                    "dev.swarmgate.discovery..", "dev.swarmgate.docker..", "dev.swarmgate.config..",
                    "dev.swarmgate.httpapi..", "java..", "io.netty..", "com.fasterxml.jackson..", "org.slf4j..")
            .because("listener mode turns what the swarm watcher sees into DFSL notifications and its HTTP API")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule nothingDependsOnTheCli = noClasses()
            .that().resideOutsideOfPackage("dev.swarmgate.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.swarmgate.cli..")
            .because("cli is wiring only; everything else must be usable without it")
            .allowEmptyShould(true);
}
