//! Tests of how a session changes: placeholder until the tests land.
