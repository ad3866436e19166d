package dev.swarmgate.testing;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Debian's nginx as a real HTTP backend on a free 127.0.0.1 port, with its whole state (config, logs, pid, temp
 * files) in a temporary prefix directory that {@link #close()} removes.
 *
 * <p>What it serves:
 * <ul>
 *   <li>{@code location /}: 200, body {@code nginx <method> <request-uri>\n} ({@code text/plain});</li>
 *   <li>{@code location /static/}: files from {@link #staticRoot()} (add them before or after start);</li>
 *   <li>any {@link Builder#location(String) extra location blocks} the test adds.</li>
 * </ul>
 * Every response (errors too) carries {@code X-Backend: <name>} so a test can tell backends apart, and echoes what
 * the proxy forwarded: {@code X-Seen-XFF}, {@code X-Seen-Host}, {@code X-Seen-Proto}, {@code X-Seen-Fwd-Host},
 * {@code X-Seen-Fwd-Port}, {@code X-Seen-Connection}. nginx only inherits {@code add_header} into a location that
 * has none of its own, so an extra location that adds headers must also contain {@link #headersInclude()}.
 */
public final class Nginx implements AutoCloseable {

    public static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final int BIND_ATTEMPTS = 3;

    private final String name;
    private final Path dir;
    private final int port;
    private final PeerProcess peer;

    private Nginx(String name, Path dir, int port, Process process) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.peer = new PeerProcess("nginx-" + name, process, dir);
    }

    /** Starts a backend named {@code name} with the default locations. */
    public static Nginx start(String name) {
        return builder(name).start();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Configures an nginx backend before starting it. */
    public static final class Builder {
        private final String name;
        private final List<String> locations = new ArrayList<>();
        private boolean proxyProtocol;
        private boolean tls;
        /** The PEM certificate (chain) and key TLS uses; made at start when {@link #tls()} asked for none. */
        private Path certificate;
        private Path key;

        private Builder(String name) {
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("backend name '" + name + "': use letters, digits, '.', '_', '-'");
            }
            this.name = name;
        }

        /**
         * Adds a raw nginx {@code location} block to the server, e.g.
         * {@code location = /gone { return 410; }} or {@code location /json/ { default_type application/json; return 200 "{}"; }}.
         * Do not redefine {@code location /} or {@code location /static/}.
         */
        public Builder location(String block) {
            locations.add(block);
            return this;
        }

        /**
         * Makes the server a PROXY protocol receiver: it listens with {@code proxy_protocol} (v1 and v2) on
         * 127.0.0.1 and [::1] at the same port, so every connection must start with a PROXY header, and
         * {@code $proxy_protocol_addr}/{@code $proxy_protocol_port} hold the client the header names.
         */
        public Builder proxyProtocol() {
            this.proxyProtocol = true;
            return this;
        }

        /**
         * Makes the server speak TLS only (a plain HTTP request gets nginx's 400), with a self-signed certificate for
         * {@code localhost} made at start. Responses then also carry {@code X-Seen-Tls} (the protocol version),
         * {@code X-Seen-Sni} (the server name the client sent), {@code X-Seen-Alpn} and {@code X-Seen-Conn} (nginx's
         * connection serial number, equal on two requests of one connection).
         */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /**
         * Makes the server terminate TLS itself ({@code listen ... ssl}) with this PEM certificate (chain) and key,
         * e.g. to stand behind a {@code reqMode=sni} passthrough port; {@link #url} then still says http.
         */
        public Builder tls(Path certificatePem, Path keyPem) {
            this.tls = true;
            this.certificate = certificatePem;
            this.key = keyPem;
            return this;
        }

        /** Writes the config, starts nginx and returns once it accepts connections. */
        public Nginx start() {
            if (!Files.isExecutable(NGINX)) {
                throw new IllegalStateException(NGINX + " is missing: integration tests use Debian's nginx as a "
                        + "backend. Install it (apt-get install nginx; .ci/run does this).");
            }
            IllegalStateException lastFailure = null;
            for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
                Path dir = createPrefix();
                int port = FreePort.pick();
                try {
                    return launch(dir, port);
                } catch (PortTakenException e) {
                    // Another process took the port between pick() and bind(): try a fresh one.
                    lastFailure = e;
                    PeerProcess.deleteRecursively(dir);
                } catch (RuntimeException e) {
                    PeerProcess.deleteRecursively(dir);
                    throw e;
                }
            }
            throw lastFailure;
        }

        private Path createPrefix() {
            try {
                Path dir = Files.createTempDirectory("swarmgate-nginx-" + name + "-");
                Files.createDirectories(dir.resolve("www"));
                Files.createDirectories(dir.resolve("tmp"));
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException("could not create a prefix directory for nginx " + name, e);
            }
        }

        private Nginx launch(Path dir, int port) {
            Path conf = dir.resolve("nginx.conf");
            try {
                Files.writeString(dir.resolve("backend-headers.conf"), headers(name) + (tls ? TLS_HEADERS : ""));
                if (tls && this.certificate == null) {
                    X509Bundle certificate = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                            .setIsCertificateAuthority(true).buildSelfSigned();
                    this.certificate = dir.resolve("cert.pem");
                    this.key = dir.resolve("key.pem");
                    Files.writeString(this.certificate, certificate.getCertificatePEM());
                    Files.writeString(this.key, certificate.getPrivateKeyPEM());
                }
                Files.writeString(conf, config(dir, port));
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the nginx config in " + dir, e);
            } catch (Exception e) {
                throw new IllegalStateException("could not make a certificate for nginx " + name, e);
            }
            Process process;
            try {
                process = new ProcessBuilder(NGINX.toString(),
                        "-p", dir + "/", "-c", conf.toString(), "-e", dir.resolve("error.log").toString(),
                        "-g", "daemon off; pid " + dir.resolve("nginx.pid") + ";")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("nginx.out").toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + NGINX, e);
            }
            Nginx nginx = new Nginx(name, dir, port, process);
            try {
                await().atMost(START_TIMEOUT)
                        .pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(20))
                        .failFast("nginx exited", () -> !process.isAlive())
                        .until(() -> PeerProcess.accepts(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
                return nginx;
            } catch (ConditionTimeoutException | TerminalFailureException e) {
                String log = nginx.errorLog() + nginx.read("nginx.out");
                nginx.close();
                if (log.contains("Address already in use")) {
                    throw new PortTakenException("nginx " + name + " could not bind 127.0.0.1:" + port + ":\n" + log);
                }
                throw new IllegalStateException("nginx " + name + " did not start on 127.0.0.1:" + port + " ("
                        + (process.isAlive() ? "not accepting after " + START_TIMEOUT : "exited " + process.exitValue())
                        + "). Config:\n" + config(dir, port) + "\nLog:\n" + log, e);
            }
        }

        private String config(Path dir, int port) {
            Path tmp = dir.resolve("tmp");
            // As root, workers would otherwise drop to 'nobody' and could not read the temp prefix (mode 700).
            String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
            return user + """
                    worker_processes 1;
                    events { worker_connections 512; }
                    http {
                        access_log %1$s/access.log;
                        client_body_temp_path %2$s/body;
                        proxy_temp_path %2$s/proxy;
                        fastcgi_temp_path %2$s/fastcgi;
                        uwsgi_temp_path %2$s/uwsgi;
                        scgi_temp_path %2$s/scgi;
                        default_type text/plain;
                        types { text/html html; text/plain txt; application/json json; }
                        server {
                            listen 127.0.0.1:%3$d%5$s;
                            server_name _;
                    %6$s
                            include %1$s/backend-headers.conf;
                            location / { return 200 "nginx $request_method $request_uri\\n"; }
                            location /static/ { alias %1$s/www/; }
                    %4$s
                        }
                    }
                    """.formatted(dir, tmp, port, String.join("\n", locations),
                    listenOptions(port),
                    tls ? "ssl_certificate " + certificate + "; ssl_certificate_key " + key + ";" : "");
        }

        /** After {@code listen 127.0.0.1:<port>}: TLS, PROXY protocol (then also on [::1]), or nothing. */
        private String listenOptions(int port) {
            String options = tls ? " ssl" : "";
            if (proxyProtocol) {
                options += " proxy_protocol; listen [::1]:" + port + options + " proxy_protocol";
            }
            return options;
        }

        private static String headers(String name) {
            return """
                    add_header X-Backend %s always;
                    add_header X-Seen-XFF $http_x_forwarded_for always;
                    add_header X-Seen-Host $http_host always;
                    add_header X-Seen-Proto $http_x_forwarded_proto always;
                    add_header X-Seen-Fwd-Host $http_x_forwarded_host always;
                    add_header X-Seen-Fwd-Port $http_x_forwarded_port always;
                    add_header X-Seen-Connection $http_connection always;
                    """.formatted(name);
        }
    }

    private static final String TLS_HEADERS = """
            add_header X-Seen-Tls $ssl_protocol always;
            add_header X-Seen-Sni $ssl_server_name always;
            add_header X-Seen-Alpn $ssl_alpn_protocol always;
            add_header X-Seen-Conn $connection always;
            """;

    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }

    /** The name given at start, also sent back in {@code X-Backend}. */
    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port><path>} */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Files here are served under {@code /static/}: {@code staticRoot()/a.txt} is {@code GET /static/a.txt}. */
    public Path staticRoot() {
        return dir.resolve("www");
    }

    /** The directive that gives an extra location with its own {@code add_header} the backend headers too. */
    public String headersInclude() {
        return "include " + dir.resolve("backend-headers.conf") + ";";
    }

    /** The error log so far, for assertion messages when a test fails. */
    public String errorLog() {
        return read("error.log");
    }

    /** The access log so far (nginx's default "combined" format), to check what reached the backend. */
    public String accessLog() {
        return read("access.log");
    }

    private String read(String file) {
        try {
            Path path = dir.resolve(file);
            return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }

    /** Stops nginx (SIGTERM, then SIGKILL of it and its workers if needed), waits for exit, removes its files. */
    @Override
    public void close() {
        peer.close();
    }
}
