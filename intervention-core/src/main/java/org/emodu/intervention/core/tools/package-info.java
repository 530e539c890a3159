/**
 * What the tool modules' operations (dataset-tools, finetune-client, evaluation) throw through their
 * APIs when a caller's argument or output is refused:
 * {@link org.emodu.intervention.core.tools.IllegalParameterException}, a value a parameter does not
 * accept, and {@link org.emodu.intervention.core.tools.OutputExistsException}, an output that exists
 * and was not allowed to be replaced. Each carries its parts (the parameter and the problem, the
 * file), so that an adapter can say them in its own users' words without parsing a message.
 */
package org.emodu.intervention.core.tools;
