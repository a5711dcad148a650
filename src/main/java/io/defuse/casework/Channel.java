package io.defuse.casework;

/** Where the complaint came in. */
public enum Channel {

	/** In person, in a store. */
	STORE,

	/** A web form. */
	WEB,

	/** A phone call. */
	PHONE,

	/** An e-mail. */
	EMAIL,

	/** A live chat. */
	CHAT,

	/** A social-media post or message. */
	SOCIAL

}
