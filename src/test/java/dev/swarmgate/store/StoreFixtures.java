package dev.swarmgate.store;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.PathType;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.Timeouts;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class StoreFixtures {

    private StoreFixtures() {
    }

    static Settings settings(Optional<Path> stateDir) {
        return new Settings(0, "0.0.0.0", "127.0.0.1", 0, List.of(new ListenerSpec(0, false, false)), List.of(),
                Timeouts.dfpDefaults(), ",", DomainMatch.PREFIX, false, stateDir, Optional.empty(), List.of());
    }

    static StoredService service(String name, String path, int port, Source source) {
        Destination destination = new Destination(0, ReqMode.HTTP, List.of(path), PathType.PREFIX, List.of(),
                List.of(), DomainMatch.PREFIX, 0, port, Optional.empty(), Optional.empty());
        ServiceSpec spec = new ServiceSpec(name, name, List.of(destination), false);
        return new StoredService(spec, Map.of("serviceName", List.of(name), "servicePath", List.of(path),
                "port", List.of(Integer.toString(port))), source);
    }
}
