package ai.rivano.gateway.middleware.injection;

import ai.rivano.gateway.middleware.content.TextRole;

/** One text of a request and where it sits: the scorer weighs the same words differently by role. */
public record ScoredText(TextRole role, String text) {
}
