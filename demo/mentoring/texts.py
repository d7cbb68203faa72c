"""The words of the demo's mentoring year: goals, meeting topics and notes, check-in comments,
learning sessions.

Privacy: these are what pairs write, so they must never show to managers or HR (only numbers
do). ``tests/demo/test_history.py`` looks for them on the pages those roles open.
"""

from dataclasses import dataclass

from goals.models import GoalCategory
from sessions.models import SessionAudience, SessionKind


@dataclass(frozen=True)
class GoalText:
    category: str
    title: str
    success_measure: str
    milestones: tuple[str, ...]
    description: str = ""


MENTEE_GOALS = (
    GoalText(
        GoalCategory.SKILL,
        "Present our quarterly results to the leadership team",
        "I present the Q-results myself and answer the questions without handing over.",
        ("Shadow a leadership review", "Dry-run the deck with my mentor", "Present to the leadership team"),
        "I freeze when senior people push back; I want to stay calm and clear.",
    ),
    GoalText(
        GoalCategory.LEADERSHIP,
        "Lead a cross-team project from kickoff to delivery",
        "The project ships on the date we agreed, and both teams would work with me again.",
        ("Write the project brief", "Run the kickoff with both teams", "Hold the mid-point review"),
    ),
    GoalText(
        GoalCategory.SKILL,
        "Get comfortable with difficult conversations",
        "I give two pieces of critical feedback face to face, and they land well.",
        ("Read and discuss a feedback model", "Role-play a hard conversation", "Give feedback to a peer"),
    ),
    GoalText(
        GoalCategory.CAREER,
        "Decide on my next role",
        "I can name the role I want in two years and what I still need to get there.",
        ("Interview three people in roles I'm curious about", "Write my development plan"),
    ),
    GoalText(
        GoalCategory.NETWORK,
        "Build relationships outside my department",
        "I have a regular coffee with five people in other departments.",
        ("Map who I need to know", "Set up the first three coffees", "Join a cross-team working group"),
    ),
    GoalText(
        GoalCategory.SKILL,
        "Understand how our pricing decisions are made",
        "I can explain our pricing model and suggest one change with its numbers.",
        ("Sit in on a pricing meeting", "Build a small margin model", "Share my proposal with Finance"),
    ),
    GoalText(
        GoalCategory.WELLBEING,
        "Protect time for deep work",
        "Two mornings a week without meetings, kept for a whole quarter.",
        ("Agree focus mornings with my team", "Review how it went after a month"),
    ),
    GoalText(
        GoalCategory.LEADERSHIP,
        "Start delegating the work I'm good at",
        "Two recurring tasks are owned by teammates, and I only review them.",
        ("List what only I do today", "Hand over the first task", "Hand over the second task"),
    ),
)

MENTOR_GOALS = (
    GoalText(
        GoalCategory.NETWORK,
        "Learn how the work looks from my mentee's department",
        "I can describe their team's biggest constraint and have acted on one thing I learned.",
        ("Spend a morning with my mentee's team", "Bring one idea back to my own team"),
    ),
    GoalText(
        GoalCategory.LEADERSHIP,
        "Coach instead of telling",
        "In our meetings my mentee does most of the talking and finds their own answers.",
        ("Practise open questions in three meetings", "Ask my mentee for feedback on my coaching"),
    ),
    GoalText(
        GoalCategory.SKILL,
        "Get fluent with the new analytics tools",
        "I build my own team dashboard instead of asking for one.",
        ("Pair with my mentee on a first query", "Build the dashboard"),
    ),
)

GOAL_CHECK_IN_COMMENTS = (
    "Good progress this month; the first step is done.",
    "Slower than I hoped, busy month on the project.",
    "Talked it through with my partner; clearer on the next step now.",
    "Back on track after the holidays.",
    "",
    "",
)

TOPICS = (
    "Getting to know each other; what we each want from this year",
    "Goal plans: what success looks like by the end of the year",
    "Preparing for a tough stakeholder meeting",
    "How decisions really get made in the leadership team",
    "Feedback I received last week and what to do with it",
    "Career paths: specialist or manager?",
    "Reading the quarterly numbers together",
    "Delegation: what to let go of first",
    "Handling a conflict between two teams",
    "Mid-year look back at the goals",
    "Networking across departments: who to meet next",
    "Presenting with confidence: a dry run",
    "Negotiating scope with a demanding customer",
    "What I learned from shadowing a budget review",
    "Wrapping up the year and what comes next",
)

SHARED_NOTES = (
    "Agreed to meet every other week on Tuesday mornings. Next time: bring the draft plan.",
    "Walked through the deck slide by slide; cut it from 20 to 12 slides.",
    "Talked about saying no without burning bridges. Try it in the Thursday planning.",
    "Mapped the people who influence the pricing decision; two to meet this month.",
    "Practised the opening of the conversation twice; felt much better the second time.",
    "Reviewed the milestones: one done, one moved by two weeks, which is fine.",
    "Shared how our team runs its weekly review; worth copying the short written updates.",
)

PRIVATE_NOTES = (
    "Felt nervous today; I should ask more directly for examples.",
    "They are further along than they think. Encourage them to apply for the lead role.",
    "Remember to follow up on the introduction I promised.",
    "I talked too much this time; more questions next time.",
    "Good session. I want to bring the budget question next time.",
)

ACTION_ITEMS = (
    "Send the draft deck before Friday",
    "Book a coffee with the pricing lead",
    "Share the article on feedback models",
    "Introduce them to the head of Operations",
    "Write down three examples for the next meeting",
    "Ask the team lead to sit in on the planning",
)

CHECKIN_COMMENTS = {
    "good": (
        "Really valuable; I look forward to every meeting.",
        "We have a good rhythm and honest conversations.",
        "My mentor opened doors I didn't know existed.",
    ),
    "mixed": (
        "Useful when we meet, but we keep rescheduling.",
        "Good person, but our schedules rarely line up.",
    ),
    "poor": (
        "We haven't really found a way to work together yet.",
        "Hard to find time; I'm not sure it's working.",
    ),
}


@dataclass(frozen=True)
class SessionText:
    title: str
    kind: str
    audience: str
    description: str
    discussion_guide: str
    duration_minutes: int
    attendance: float  # share of the audience that attended


SESSIONS = {
    "kickoff": SessionText(
        "Kickoff: what makes mentoring work",
        SessionKind.ROLE_PREPARATION,
        SessionAudience.EVERYONE,
        "Meet the class, hear from last year's pairs, and learn how the year works.",
        "Agree how often and where you will meet, and what each of you wants from the year.",
        120,
        0.9,
    ),
    "feedback": SessionText(
        "Giving and receiving feedback",
        SessionKind.WORKSHOP,
        SessionAudience.EVERYONE,
        "A hands-on workshop on feedback that lands, with role-play in small groups.",
        "Each bring one piece of feedback you received recently; discuss what you did with it.",
        150,
        0.75,
    ),
    "mentors": SessionText(
        "Coaching skills for mentors",
        SessionKind.ROLE_PREPARATION,
        SessionAudience.MENTORS,
        "Open questions, listening, and when to share your own story.",
        "Try one meeting where you only ask questions; ask your mentee afterwards how it felt.",
        90,
        0.8,
    ),
    "midyear": SessionText(
        "Mid-year review",
        SessionKind.WEBINAR,
        SessionAudience.EVERYONE,
        "Halfway through: what is working for pairs, and how to reset goals that slipped.",
        "Look at your goal plans together: which goal needs a new date, which is done?",
        60,
        0.65,
    ),
    "careers": SessionText(
        "Career conversations",
        SessionKind.WORKSHOP,
        SessionAudience.MENTEES,
        "How to talk about your next step with your manager, with examples from Acme.",
        "Talk through the next step the mentee wants, and who they should speak to about it.",
        120,
        0.7,
    ),
}
