package io.defuse.shared.postgres;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The embedded server's start, begun on a thread of its own as soon as the context knows
 * it needs one (when its bean factory post-processors run, before the web server and the
 * beans that come before the data source are made), so that the server starts meanwhile
 * instead of after them. The server's bean {@linkplain #server() waits} for it. A start
 * that no bean took (a context that failed to refresh first) is stopped with the context.
 */
final class EmbeddedPostgresStart implements BeanFactoryPostProcessor, DisposableBean {

	private final EmbeddedPostgresProperties properties;

	private CompletableFuture<EmbeddedPostgresServer> server;

	private boolean taken;

	EmbeddedPostgresStart(Environment environment) {
		this.properties = Binder.get(environment)
			.bindOrCreate("defuse.embedded-postgres", EmbeddedPostgresProperties.class);
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		begin();
	}

	private synchronized void begin() {
		if (this.server == null) {
			this.server = CompletableFuture.supplyAsync(() -> EmbeddedPostgresServer.start(this.properties),
					(start) -> new Thread(start, "embedded-postgres-start").start());
		}
	}

	/** The settings it started the server with. */
	EmbeddedPostgresProperties properties() {
		return this.properties;
	}

	/** The server once started; its bean closes it from then on. */
	synchronized EmbeddedPostgresServer server() {
		begin();
		try {
			EmbeddedPostgresServer started = this.server.join();
			this.taken = true;
			return started;
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	@Override
	public synchronized void destroy() throws Exception {
		if (this.server != null && !this.taken) {
			try {
				this.server.join().close();
			}
			catch (CompletionException ex) {
				// it did not start: nothing to stop
			}
		}
	}

}
