package io.defuse;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.repository.Repository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repositories are made on first use (`spring.data.jpa.repositories.bootstrap-mode:
 * lazy`, for a faster start), so a start no longer parses and checks their queries: this
 * test makes every one of them, and a query that does not parse fails it.
 */
@IntegrationTest
class LazyRepositoriesTests {

	@Autowired
	ApplicationContext context;

	@Test
	void everyRepositoryIsMadeWithItsQueriesChecked() {
		Map<String, Repository> repositories = this.context.getBeansOfType(Repository.class);

		assertThat(repositories).hasSizeGreaterThanOrEqualTo(9);
	}

}
