/**
 * The {@code demo} profile: seeds customers speaking English, German and Czech with cases
 * in every step, through the same services the API uses, so a new user sees a living
 * system at once.
 */
package io.defuse.demo;
