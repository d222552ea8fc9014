package io.parley.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;

/** The client's TLS settings: TLS 1.3 or 1.2, trusting one certificate file or the system store. */
final class TlsContexts {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /**
     * {@code trust} null means the JDK's trust store. {@code insecure} accepts any certificate for
     * any name; the caller must say so to the user.
     */
    static SslContext client(Path trust, boolean insecure) throws IOException {
        SslContextBuilder builder = SslContextBuilder.forClient().protocols(PROTOCOLS);
        if (insecure) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            // Netty checks the host name against the certificate for client contexts by default;
            // set it anyway so the check does not depend on that default.
            builder.endpointIdentificationAlgorithm("HTTPS");
            if (trust != null) {
                builder.trustManager(trust.toFile());
            }
        }
        try {
            return builder.build();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot set up TLS" + (trust == null ? "" : " with " + trust) + ": "
                    + Failures.describe(e), e);
        }
    }
}
