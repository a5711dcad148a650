/**
 * Customers and what Defuse remembers about them: contact details, language, preferences
 * and history.
 */
package io.defuse.customer;
