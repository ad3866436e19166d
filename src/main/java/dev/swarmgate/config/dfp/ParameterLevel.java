package dev.swarmgate.config.dfp;

/** Whether a parameter belongs to the whole service (any letter case) or to one destination (exact, indexable). */
enum ParameterLevel {
    SERVICE, DESTINATION
}
