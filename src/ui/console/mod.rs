//! The XML console: the traffic with the server, credentials masked.

pub mod xml_console;
