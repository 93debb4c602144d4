export type Answer = 'yes' | 'no' | 'unclear';

// Checked in this order: "I don't like it" holds "like it", and "yes, no doubt" holds "no".
const REFUSAL = /\b(not really|not quite|not for me|not me|don'?t|do not|doesn'?t|rather not|something else|another|different|other one)\b/;
const AGREEMENT =
  /\b(yes|yeah|yep|yup|sure|ok|okay|accept|accepted|agree|absolutely|definitely|perfect|great|love it|like it|like that|sounds good|sounds great|sounds right|let'?s do it|let'?s go|that'?s me|that is me|fits|go for it)\b/;
const PLAIN_NO = /\b(no|nope|nah)\b/;

/** Whether a reply to a yes/no question says yes, says no, or neither. */
export function answerOf(text: string): Answer {
  const said = text.toLowerCase().replace(/[’‘]/g, "'");
  if (REFUSAL.test(said)) return 'no';
  if (AGREEMENT.test(said)) return 'yes';
  if (PLAIN_NO.test(said)) return 'no';
  return 'unclear';
}

// Deliberately narrow: "I'm done with work today" must not end someone's coaching.
const FINISHED = /\b(i'?m|i am|we'?re|we are) (all )?(done|finished)\b(?! with)|\b(finish|complete|end|wrap up) (my |the |our )?coaching\b/;

/** Whether the user says they want to finish the coaching journey. */
export function wantsToFinish(text: string): boolean {
  return FINISHED.test(text.toLowerCase().replace(/[’‘]/g, "'"));
}

// Someone the user does not know yet: "a colleague", "colleagues who", "anyone on my team",
// "who at work". "My colleague Anna" is someone they already know, so it does not count.
const SOMEONE_AT_WORK =
  /\b(?:(?:a|an|any|some|another|other|which|what) (?:colleague|co-?worker|teammate|team member|peer)s?|(?:colleagues|co-?workers|teammates|team members) (?:who|that|with)|(?:someone|somebody|anyone|anybody|people|who)\b[^.?!]{0,40}?\b(?:at work|at the office|on my team|in my (?:team|company|department|org|organi[sz]ation)|at my (?:company|job|work|office)))\b/;
// Asking for help or an introduction ("helped", "asked" are something that already happened).
const HELP_WANTED = /\b(?:help|connect|introduce|recommend|suggest|talk to|talk with|speak to|speak with|ask|who knows?|knows? about|expert|pair up)\b/;

/** Whether the user asks who at work could help them, or to connect with a colleague who knows something. */
export function wantsColleagueHelp(text: string): boolean {
  const said = text.toLowerCase().replace(/[’‘]/g, "'");
  return SOMEONE_AT_WORK.test(said) && HELP_WANTED.test(said);
}
