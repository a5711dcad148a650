/**
 * Pieces every module stands on: the acting principal, problem details for every error,
 * request correlation, the clock and the embedded default database.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package io.defuse.shared;

import org.springframework.modulith.ApplicationModule;
