// Language tags: the one rule for what the brief's language and a name's language may be (PDF /Lang takes RFC 3066 tags).

/** A BCP 47 tag in the form PDF's /Lang takes (RFC 3066): "en", "hy", "en-GB", "sr-Latn". */
export const LANGUAGE_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
