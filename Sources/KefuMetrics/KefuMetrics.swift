// The indicators' aggregators and fact types are generated at build time from Specs/ by the
// MetricGeneratorPlugin; this module re-exports the core values they are written in.
@_exported import KefuCore
