/**
 * The toolkit's reading layer, shared by every module that reads the files people hand it (exemplar
 * corpora, CSV spreadsheets, journals, interaction logs, lexicons, fine-tuning files): lines read as
 * bytes and bounded in length, so that a huge line is refused without being held; UTF-8 checked per
 * line, so that a file in another encoding is named by line and byte; JSON and CSV problems said in
 * the toolkit's words, never the parser's; untrusted text shortened and escaped before it reaches a
 * message. Its one writer, {@link org.emodu.intervention.core.internal.io.LineAppender}, appends
 * JSON lines to logs and journals.
 *
 * <p>Not API: like the rest of {@code org.emodu.intervention.core.internal}, it is meant for the
 * toolkit's own modules and may change without notice. Library users read files through the
 * modules' types ({@code ExemplarCorpus}, {@code InteractionLog}, ...), whose messages come from here.
 */
package org.emodu.intervention.core.internal.io;
