package io.defuse.shared;

import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * State that lives as long as the current transaction: made on first use, bound to the
 * transaction under a key, registered as one of its synchronizations, and unbound when it
 * completes. For work kept until just before the commit and done there at once (the
 * timeline's rows, the webhook outbox's messages).
 */
public final class TransactionBound {

	private TransactionBound() {
	}

	/**
	 * The current transaction's state under {@code key}, made by {@code create} on first
	 * use; null outside a transaction.
	 */
	public static <S extends TransactionSynchronization> S of(Object key, Supplier<S> create) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return null;
		}
		S state = current(key);
		if (state == null) {
			state = create.get();
			TransactionSynchronizationManager.bindResource(key, state);
			TransactionSynchronizationManager.registerSynchronization(state);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(key);
				}

			});
		}
		return state;
	}

	/**
	 * The current transaction's state under {@code key} if {@link #of} has made it; null
	 * otherwise.
	 */
	@SuppressWarnings("unchecked")
	public static <S extends TransactionSynchronization> S current(Object key) {
		return (S) TransactionSynchronizationManager.getResource(key);
	}

}
