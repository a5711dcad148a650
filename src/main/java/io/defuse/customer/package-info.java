/**
 * Customers and what Defuse remembers about them: contact details, language, preferences
 * and history. Other modules read a customer through this module's API, or in statements
 * of their own through its view {@code customer_summaries} ({@link CustomerSummary}'s
 * columns), never its tables.
 */
package io.defuse.customer;
