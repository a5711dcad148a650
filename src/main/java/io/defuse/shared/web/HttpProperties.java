package io.defuse.shared.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP limits of the API.
 *
 * @param maxBodySize the largest request body accepted; larger ones get 413
 */
@ConfigurationProperties("defuse.http")
public record HttpProperties(@DefaultValue("256KB") DataSize maxBodySize) {
}
