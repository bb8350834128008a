// Does not parse, but mentions nothing the lint looks for, so it is never parsed.
fn nope( {
