"""The Sunderland board's strategic plan 2018-19 and business plan 2017-18 as
data: every indicator, project and activity in the seed.

Indicator wording follows the seed's list (it is data). Project and activity
wording is ours. The seed gives no status for most activities: we read
"held", "completed", "launched", "in place" and "agreed" as complete, "to be"
and "planned" as on track, and the two marked delayed keep their reasons.
"""

from datetime import date

C, T, D = "complete", "on_track", "delayed"


def m(year, month):
    return date(year, month, 1)


VALUE_THEMES = [
    ("Listen and learn", ["Curious", "Focused on children and young people"]),
    (
        "Work in partnership",
        ["Collaborative", "Learning together", "Improving together", "Critical friends"],
    ),
    ("Trust and respect", ["Honest", "Acting with integrity"]),
    (
        "Never give up",
        ["Resilient", "Brave", "Persevering", "Solving problems and overcoming barriers"],
    ),
    ("Continuous improvement", ["Aiming high"]),
]

RESPONSIBILITIES = [
    (
        "Coordinate and support",
        "Coordinate and support the way agencies safeguard children and young people, "
        "thinking about the whole family.",
    ),
    (
        "Assure and challenge",
        "Check and question how well we safeguard children and families, together and as "
        "separate agencies.",
    ),
    (
        "Learn and improve",
        "Use what we learn to shape multi-agency and single-agency practice and to improve "
        "outcomes for children, young people, adults and families.",
    ),
]

STRATEGIC_PRIORITIES = [
    (
        "Voice of the child",
        "Seek out and listen to children and young people, and use what they tell us to "
        "improve our work.",
    ),
    (
        "People",
        "Lead visibly with the child in mind, build an open and inventive culture, and help "
        "the workforce stay focused on children, on solutions and on improving.",
    ),
    (
        "Practice and systems",
        "Set high standards, keep protocols and procedures clear and easy to use, and make "
        "the routes into services simple.",
    ),
    (
        "Performance management, compliance and quality assurance",
        "Scrutinise performance, the quality of practice and compliance, always asking "
        "whether outcomes for children improved, and show the difference our work makes.",
    ),
]

SERVICE_PRIORITIES = [
    (
        "Vulnerable adolescents",
        ["Child sexual exploitation (CSE)", "Risk-taking behaviour such as substance misuse",
         "Mental health (CAMHS), self-harm and suicide", "Children who go missing"],
    ),
    (
        "Neglect",
        ["Early help", "Parenting support and the best start in life",
         "Access to advice and support", "Identifying neglect"],
    ),
    ("Compromised parenting", ["Domestic abuse", "Substance misuse", "Mental ill health"]),
]  # fmt: skip

OUTCOMES = [
    (1, "Supported as early as possible"),
    (2, "Healthy, happy, socially confident and prepared for adulthood"),
    (3, "Safe and protected from harm"),
]

INDICATORS = [
    (1, "1", "Number of open cases to children's social care"),
    (1, "2", "Number of contacts received by children's social care"),
    (1, "3", "Total number of referrals received by children's social care"),
    (1, "4", "Percentage of referrals to children's social care from each source: individuals "
             "(self, relative, carer or acquaintance), education, health, local authority "
             "services, other services, police, other"),
    (1, "5", "Rate of children in need (per 10,000)"),
    (1, "6", "Rate of children and young people subject to a child protection plan "
             "(per 10,000)"),
    (1, "7", "Percentage of child protection plans for physical abuse, emotional abuse, sexual "
             "abuse or neglect"),
    (1, "8", "Rate of children looked after (per 10,000)"),
    (1, "9", "Number of children and young people who are privately fostered"),
    (1, "10", "Total number of early help plans in progress"),
    (1, "11", "Percentage of early help cases closed with two successful outcomes"),
    (1, "12", "Number of step-downs into early help"),
    (1, "13", "Number of step-ups from early help"),
    (1, "14", "Number of re-referrals"),
    (1, "15", "Percentage of referrals that were re-referrals within 12 months"),
    (1, "16", "Percentage of child in need assessments completed in timescale"),
    (1, "17", "Percentage of child protection plans lasting two years or more"),
    (1, "18", "Percentage of children subject to a repeat child protection plan within two "
              "years"),
    (1, "19", "Percentage of initial child protection conferences held within timescales"),
    (1, "20", "Percentage of review child protection conferences held within timescales"),
    (1, "21", "Percentage of looked-after children with an up-to-date care plan"),
    (1, "22", "Number of allegations referred to the Local Authority Designated Officer in the "
              "period"),
    (1, "23", "Number of child deaths with modifiable factors"),
    (2, "24", "Percentage of children in low-income families"),
    (2, "25", "Percentage of children eligible for free school meals (primary)"),
    (2, "26", "Percentage of children eligible for free school meals (secondary)"),
    (2, "27", "Percentage of all children permanently excluded from school"),
    (2, "28", "Number of children with special educational needs or disabilities who are not "
              "in education, employment or training at the end of the term"),
    (2, "29", "Percentage and number of children who are home educated"),
    (2, "30", "Number of families with children presenting as homeless"),
    (2, "31", "Number of children presenting as homeless"),
    (3, "32", "Rate of A&E attendances caused by unintentional and deliberate injuries to "
              "children aged 0 to 14"),
    (3, "33", "Number of A&E attendances caused by unintentional and deliberate injuries to "
              "children aged 0 to 17"),
    (3, "34", "Number of hospital admissions caused by unintentional and deliberate injuries "
              "to children aged 0 to 17"),
    (3, "35", "Number of domestic abuse incidents with a child present"),
    (3, "36", "Number of repeat MARAC cases that involve children"),
    (3, "37", "Number of victims of domestic abuse aged 16 or 17"),
    (3, "38", "Number of domestic abuse incidents where a child is the perpetrator"),
    (3, "39", "Number of Operation Encompass referrals"),
    (3, "40", "Rate of conceptions under 18"),
    (3, "41", "Substance misuse treatment starts with a child living in the household"),
    (3, "42", "Percentage of parents diagnosed with mental ill health at initial child "
              "protection conference"),
    (3, "43", "Percentage of parents diagnosed with learning disabilities at initial child "
              "protection conference"),
    (3, "44", "Percentage of parents diagnosed with long-term conditions at initial child "
              "protection conference"),
    (3, "45", "Percentage of young carers presenting at initial child protection conference"),
    (3, "46", "Number of children referred to the young people's drug and alcohol project in "
              "the period"),
    (3, "47", "Number of children and young people attending A&E after an assault"),
    (3, "48", "Number of children and young people admitted to hospital after an assault"),
    (3, "49", "Number of children and young people attending A&E for self-harm"),
    (3, "50", "Number of children and young people admitted to hospital for self-harm"),
    (3, "51", "Number of children reported missing from home"),
    (3, "52", "Number of looked-after children missing"),
    (3, "53", "Percentage of children and young people recorded as missing who had a return "
              "home interview, where one was offered"),
    (3, "54", "Number of children reported as trafficked"),
    (3, "55", "First-time entrants to the youth justice system"),
    (3, "56a", "Percentage of children and young people re-offending (annual cohort)"),
    (3, "56b", "Percentage of children and young people re-offending (three-month cohort)"),
    (3, "57", "Number of risk assessments submitted to MSET"),
    (3, "58", "Number of cases discussed by the MSET operational group, by gender"),
    (3, "59", "Number of new children identified by children's social care as at risk of CSE"),
    (3, "60", "Number of children still at risk of CSE at the end of the period"),
    (3, "61", "Rate of hospital admissions for mental health, ages 0 to 17"),
    (3, "62", "Number of referrals to the children and young people's service (CYPS)"),
    (3, "63", "Number of children receiving the CYPS service in the period"),
    (3, "64", "Average waiting time for the CYPS service (days)"),
    (3, "65", "Number of referrals to CAMHS"),
    (3, "66", "Number of children receiving CAMHS in the period"),
    (3, "67", "Average wait from referral to treatment for CAMHS (days)"),
    (3, "68", "Number of offences against children: violence, sexual offences, neglect, child "
              "sexual abuse, CSE and FGM"),
]  # fmt: skip

THEMES = [
    (1, "People"),
    (2, "Practice and systems"),
    (3, "Performance, compliance and quality assurance"),
    (4, "Neglect and poverty"),
    (5, "Compromised parenting"),
    (6, "Vulnerable adolescents and risk-taking behaviour"),
]

LWD, PQA, BOARD = "lwd", "pqa", "sscb"
LIQUID_LOGIC = "It was hard to draw a sample of cases after the Liquid Logic system came in"

# (theme, reference, title, lead body key, lead officers, [(activity, due, status, reason)])
PROJECTS = [
    (1, "1.1", "Build a programme across the whole system to embed our culture, principles, "
     "values and behaviours", LWD, "Lynne Thomas and the programme board officer", [
        ("Two induction sessions held in August 2017 with 95% attendance; induction runs every "
         "quarter from April 2018 as part of the workforce offer", m(2017, 11), C, ""),
        ("The 'Walk in their Shoes' programme is up and running", m(2018, 4), C, ""),
    ]),
    (1, "1.2", "Review what the workforce needs to learn and build a new learning framework "
     "and programme", LWD, "Lynne Thomas and the programme board officer", [
        ("Multi-agency online survey completed by board, programme board and group members",
         m(2018, 6), C, ""),
    ]),
    (1, "1.3", "Develop a competency-based framework for the workforce", LWD,
     "Catherine Witt and the programme board officer", [
        ("Lead and task and finish group in place; a single-agency online survey still to be "
         "written and run", None, T, ""),
    ]),
    (1, "1.4", "Set standards for a core curriculum of safeguarding training", LWD,
     "Deanna Lagun and the programme board officer", [
        ("Lead and task and finish group in place; a single-agency online survey still to be "
         "written and run", None, T, ""),
    ]),
    (1, "1.5", "Develop a way for the board to involve and engage children and young people",
     LWD, "Kimberley Richardson and the programme board officer", [
        ("Meeting to be arranged with Together for Children's participation and engagement "
         "lead", m(2018, 6), T, ""),
    ]),
    (1, "1.6", "Set up safeguarding engagement forums with key parts of the workforce", LWD,
     "Lynne Thomas and the programme board officer", [
        ("Staff engagement forums are in place", m(2018, 9), C, ""),
        ("First education forum planned for September 2018", None, T, ""),
    ]),
    (1, "1.7", "Strengthen the board's links with the community through lay members", LWD,
     "Lynne Thomas and the programme board officer", [
        ("Work with lay members to reach the community", m(2018, 6), D, "Staffing issues"),
    ]),
    (2, "2.1", "Finish the Transformation Programme project plan and governance arrangements",
     LWD, "Lynne Thomas, working with the board", [
        ("First strand delivered to plan, January to September 2017", m(2017, 9), C, ""),
        ("Second strand delivered to plan, June to September 2017", None, C, ""),
    ]),
    (2, "2.2", "Review threshold guidance and the protocols, processes, pathways and tools "
     "that go with it, including the front-door multi-agency triage pilot", LWD,
     "Karen Davison and the programme board officer", [
        ("Interim threshold guidance launched in May 2017, with training from October 2017 to "
         "embed it", None, C, ""),
        ("Early Help Strategy launched in November 2017 after consultation", None, C, ""),
        ("Full review of the board's procedures and protocols over 18 months from September "
         "2017", m(2019, 3), T, ""),
    ]),
    (2, "2.3", "Review administrative systems, tools and IT capacity: procedures, booking "
     "systems and the website", LWD, "Lynne Thomas and the programme board officer", [
        ("Website session held on 14 November with four providers on scope, needs, cost and "
         "features; plan drawn up to compare local, sub-regional and regional options",
         m(2018, 2), C, ""),
        ("New website in development, due to go live within three months", m(2018, 6), T, ""),
    ]),
    (2, "2.4", "Draft and agree how the board is open, communicates, publishes and briefs "
     "staff inside agencies", LWD,
     "Lynne Thomas, the programme board officer and Nicola Morrow", [
        ("Communication and engagement plan in place; a strategy still to be written and "
         "agreed", m(2018, 4), T, ""),
    ]),
    (2, "2.5", "Draft, negotiate, agree and put in place protocols between the board, the "
     "Health and Wellbeing Board, the Safer Sunderland Partnership, the Children's Strategic "
     "Partnership and scrutiny", BOARD, "Paul Ennals and Lynne Thomas", [
        ("Arrangements set out through the board's consultation", m(2018, 4), C, ""),
    ]),
    (2, "2.6", "Review every existing policy, protocol, governance agreement, constitutional "
     "arrangement and joint local procedure, keep or drop each, and agree a rolling "
     "programme of redrafting and review", LWD,
     "Lynne Thomas, the programme board officer and Nicola Morrow", [
        ("Work in progress", m(2019, 3), T, ""),
    ]),
    (2, "2.7", "Negotiate a new budget", BOARD, "Paul Ennals and Lynne Thomas", [
        ("Budget for 2018-19 agreed at the same level as the year before", m(2018, 3), C, ""),
    ]),
    (3, "3.1", "Refresh the performance framework, revise the scorecards and set a reporting "
     "cycle", PQA, "Lynne Thomas and Nicola Morrow", [
        ("Scorecard agreed by the board in October 2017; reporting cycle set, with exception "
         "reports only from April 2018; each indicator has a lead group for analysis",
         m(2018, 2), C, ""),
        ("Domestic Abuse Project Group to build a city-wide domestic abuse scorecard",
         m(2018, 8), T, ""),
    ]),
    (3, "3.2", "Review and redesign the quality assurance framework and the programme of "
     "activity for 2017-18", PQA, "Lynne Thomas and Nicola Morrow", [
        ("Audit cycle for 2017-18 in place, built on the board's priorities", m(2018, 2), C,
         ""),
        ("Section 11 audit 2017: report and action plans completed", m(2018, 2), C, ""),
        ("Quality assurance and performance framework to the programme board, for the board "
         "to agree in July 2018", m(2018, 7), T, ""),
    ]),
    (3, "3.3", "Design, build and run Section 175/157 audits across education settings", PQA,
     "Richard Cullen and Lynne Thomas", [
        ("Audit tool built and the audit completed", m(2018, 3), C, ""),
        ("Sample of returns to be reviewed, with evidence requested from schools and audited "
         "in May 2018", m(2018, 7), T, ""),
    ]),
    (3, "3.4", "Build a yearly assurance cycle, with the tools and systems it needs", PQA,
     "Lynne Thomas and Nicola Morrow", [
        ("Work started on an assurance framework (see 3.2)", m(2018, 7), T, ""),
    ]),
    (4, "4.1", "Help the Children's Strategic Partnership and the Director of Early Help build "
     "multi-agency early help pathways, tools and processes", LWD,
     "Karen Davison and the programme board officer", [
        ("New early help model, with its pathways, tools and process, in place from April "
         "2017", m(2017, 4), C, ""),
    ]),
    (4, "4.2", "Help the Children's Strategic Partnership build a clear neglect framework, "
     "assessment tools, processes and practice models", LWD,
     "Karen Davison and the programme board officer", [
        ("Neglect toolkit and training launched in November 2017", m(2018, 12), C, ""),
        ("Further tools needed still to be identified", None, T, ""),
    ]),
    (4, "4.3", "Audit early help and neglect cases across partner services to find themes to "
     "improve and good practice to share", PQA, "Nicola Morrow", [
        ("Audit scheduled in the 2018-19 audit cycle", m(2018, 6), D, LIQUID_LOGIC),
    ]),
    (4, "4.4", "Make sure learning from relevant published serious case reviews is acted on "
     "and embedded", LWD, "Lynne Thomas and the programme board officer", [
        ("Covered by the 2017-18 audit cycle", m(2018, 4), C, ""),
        ("Audit report on serious case review findings", None, C, ""),
        ("Learning and improvement matrix in place", None, C, ""),
    ]),
    (5, "5.1", "Review how agencies respond to domestic violence where children are present, "
     "using the JTAI method, and recommend improvements", PQA,
     "Deanna Lagun and Lynne Thomas", [
        ("Online survey findings for the JTAI work complete", m(2018, 11), C, ""),
        ("Programme board agreed on 4 September 2017 to commission a multi-agency, "
         "multi-partnership project, led by the board, for children and adults affected by "
         "domestic abuse", None, C, ""),
        ("Report to the programme board on 5 June 2017", None, C, ""),
        ("Domestic Abuse Strategic Project Group set up with a project plan", None, C, ""),
    ]),
    (5, "5.2", "Develop a family support protocol and assessment tools for staff working with "
     "vulnerable adults who are parents, so the needs of the children behind the adults are "
     "seen and met", LWD, "Karen Davison and the programme board officer", [
        ("Online survey findings", m(2018, 12), T, ""),
        ("Report to the programme board on 5 June 2017", None, C, ""),
        ("Taken forward through the domestic abuse project agreed on 4 September 2017", None,
         T, ""),
    ]),
    (6, "6.1", "Review evidence and research on working with adolescents who take risks, and "
     "develop practice tools", LWD, "Linda Mason and Lynne Thomas", [
        ("Serious case reviews (Young Person Mark and Young Person Rachel) and research "
         "completed", m(2018, 3), C, ""),
        ("Supporting the council's Trusted Relationships bid, working with the NSPCC on the "
         "needs of vulnerable adolescents, and leading a CSE and missing profile for "
         "Sunderland", m(2018, 6), T, ""),
    ]),
    (6, "6.2", "Evaluate practice through a multi-agency audit of emotional health and "
     "wellbeing, and recommend improvements", PQA, "Jan Grey and Nicola Morrow", [
        ("Audit scheduled in the 2018-19 audit cycle", m(2018, 6), D, LIQUID_LOGIC),
    ]),
    (6, "6.3", "Work with children, young people and schools on guidance about emotional "
     "health and wellbeing and related topics such as bullying and e-safety, and publish it",
     LWD, "Kimberley Richardson and the programme board officer", [
        ("PANTS campaign and NSPCC action plan to run in 2018; a young people's conference in "
         "October 2018, led by the board with partners", m(2018, 10), T, ""),
    ]),
    (6, "6.4", "Build a multi-agency framework that helps vulnerable adolescents become more "
     "resilient and improves their outcomes", LWD, "Linda Mason and Lynne Thomas", [
        ("Project lead plan developed", m(2018, 9), C, ""),
    ]),
]  # fmt: skip
