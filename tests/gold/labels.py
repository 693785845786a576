# Gold labels. Each: (doc_index_among_kept, evidence, type, date, people, orgs, locs, event)
# date: the event's own (from the text or its context in the document); None => the publication
# day (an item's own act); 'month' / 'year' => the publication month (a recent violation in a news
# item) or year (an undated occurrence in an index entry). Several occurrences of one sentence
# repeat its evidence, each with its own type, date and names.
# --- canonical shortcuts
BAL='Erlan Baltabay'; KHA='Larisa Kharkova'; ELE='Amin Eleusinov'; KUS='Nurbek Kushakbaev'
SEN='Dmitry Senyavsky'; TOK='Kassym-Jomart Tokayev'; SEI='Saule Seidakhmetova'; ORY='Jenis Orynaliev'
KOS='Kuspan Kosshygulov'; ERD='Takhir Erdanov'; TOI='Saniya Toiken'; DAU='Adilbek Dauylbayev'
KEM='D. A. Kembilov'; TAB='Yerlan Tabynova'; KOZ='Vladimir Kozlov'; ABL='Mukhtar Ablyazov'
ZHU='Gulnara Zhuaspayeva'; SMAT='Seitkazy Matayev'; AMAT='Aset Matayev'
KNPRK='Confederation of Independent Trade Unions of Kazakhstan'; ITUC='International Trade Union Confederation'
IALL='IndustriALL Global Union'; ILO='International Labour Organization'
SFEWU="Sectoral Fuel and Energy Workers' Union"; DW='Decent Work'; OCCU='Oil Construction Company trade union'
OCC='Oil Construction Company'; CFTUK='Confederation of Free Trade Unions of Kazakhstan'
CONGRESS='Congress of Free Trade Unions of Kazakhstan'; MEDIA="Sectoral Mass Media and Telecom Workers' Union"
YMIT='Crane Operators\' Union "Ymit"'; HEALTH="National Healthcare Workers' Union"; DOMESTIC="National Domestic Workers' Union"
TUMM='Trade Union of Mining & Metallurgy Workers of Republic of Kazakhstan'; PLATFORM="platform workers' trade union"
MOJ='Ministry of Justice of Kazakhstan'; MOL='Ministry of Labour of Kazakhstan'
ALMJ='Department of Justice of the City of Almaty'; ATYJ='Department of Justice of the Atyrau Region'
SC='Supreme Court of Kazakhstan'; ENB='Enbekshinsky District Court of Shymkent'
SHEC='Specialised Interdistrict Economic Court of Shymkent'; NSAC='Specialised Inter-District Administrative Court of Nur-Sultan'
KARAK='Karakiyansky District Court of Mangistau'; KAZMIN='Kaz Minerals'; KAZMYS='Kazakhmys'
WOS='West Oil Software Ltd'; BTK='БТК Ltd'; NUROTAN='Nur Otan'; ALGA='Alga!'
KTR='Confederation of Labour of Russia'; FNPR='Federation of Independent Trade Unions of Russia'
SVEN='Arthur Svensson Foundation'; USOL='University Solidarity'; RFERL='RFE/RL'
HRA='Human Rights Alliance for Fundamental Rights'; KAZTAG='KazTAG'; GLOVO='Glovo'; CHOCO='Chocofood'; WOLT='Wolt'
AKIMAT='Akimat of Shymkent'; MPROS="Mangistau district prosecutor's office"
# names missing from aliases.csv (written as in the text)
CFTU_2018='Confederation of Free Trade Unions'
ILU='Independent Local Union'  # the name its quotes hold, after the legal form 'Public Association'
ENTDEP='Entrepreneurship Department of Almaty'
KZ='Kazakhstan'

L = [
# [0] mass media union
(0,"On 23 April 2021, the Order No. 2164-р of the RK Ministry of Justice denied registration of the Sectoral Union of Mass Media and Telecommunications Workers' Union, quoting as the grounds the union's lack of confirmation of its status by the justice authorities and the union's failure to produce the originals of the former founding documents.",'registration_denied','2021-04-23',[],[MOJ,MEDIA],[],'mass-media-union-registration-denied-2021-04-23'),
# [1] Kharkova surveillance
(1,"In March 2016, Larisa Kharkova, the president of the Confederation of Independent Trade Unions of the Republic of Kazakhstan (CNTUK), has denounced the fact that she faced surveillance by Kazakh authorities even during a work trip in Aktau in the western part of the country.",'surveillance','2016-03',[KHA],[KNPRK],['Aktau'],'kharkova-surveillance-aktau-2016'),
# [2] January 2022
(2,"The ITUC deplored the killing of more than 160 people in the recent violence in Kazakhstan and calls for a full, open and public inquiry into the circumstances of all the deaths, as well as the damage to public and private property.",'statement',None,[],[ITUC],[KZ],'ituc-deplores-january-killings-2022-01'),
(2,"The ITUC deplored the killing of more than 160 people in the recent violence in Kazakhstan and calls for a full, open and public inquiry into the circumstances of all the deaths, as well as the damage to public and private property.",'violence','month',[],[],[KZ],'kz-protest-killings-2022-01'),
(2,"Three trade union officials from the Fuel and Energy Trade Union of Kazakhstan, Kuspan Kosshygulov, Takhir Erdanov and Amin Eleusinov, went missing after participating in protests in Aktau on 6 January.",'arrest','2022-01-06',[KOS,ERD,ELE],[SFEWU],['Aktau'],'sfewu-officials-detained-aktau-2022-01-06'),
(2,"Three trade union officials from the Fuel and Energy Trade Union of Kazakhstan, Kuspan Kosshygulov, Takhir Erdanov and Amin Eleusinov, went missing after participating in protests in Aktau on 6 January.",'protest','2022-01-06',[KOS,ERD,ELE],[SFEWU],['Aktau'],'aktau-protest-2022-01-06'),
(2,"Following the urgent intervention by IndustriALL and the ITUC, they were later released.",'release','month',[KOS,ERD,ELE],[],[],'sfewu-officials-released-2022-01'),
(2,"Some 8,000 people remain in detention.",'arrest','month',[],[],[],'kz-mass-detentions-2022-01'),
(2,"Under these conditions, it was no surprise that peaceful protests turned into a spiral of violence, leaving people killed and injured and infrastructure destroyed.",'protest','month',[],[],[],'kz-protests-2022-01'),
# [3] CITUK registration 2018
(3,"Since it was deregistered on 28 March 2017, the Confederation of independent Trade Unions of Kazakhstan (CITUK) has been prevented by the government from registering under a new name.",'deregistration','2017-03-28',[],[KNPRK],[],'cntuk-deregistered-2017-03-28'),
(3,"On 6 and 27 August 2018, the Ministry of Justice refused registration of the organisation under its new name, Congress of Free Trade Unions of Kazakhstan.",'registration_denied','2018-08-06',[],[MOJ,CONGRESS,KNPRK],[],'cntuk-registration-refused-2018-08-06'),
(3,"On 6 and 27 August 2018, the Ministry of Justice refused registration of the organisation under its new name, Congress of Free Trade Unions of Kazakhstan.",'registration_denied','2018-08-27',[],[MOJ,CONGRESS,KNPRK],[],'cntuk-registration-refused-2018-08-27'),
(3,"On 4 September 2018, the government accepted another name that was proposed, the Confederation of Free Trade Unions; however, registration was again declined based on the fact that one of the founding members was subject to court proceedings concerning an unpaid utility bill.",'registration_denied','2018-09-04',[],[CFTU_2018,KNPRK],[],'cntuk-registration-refused-2018-09-04'),
# [4] CNTUK 2019
(4,"Since it was deregistered on 28 March 2017, the Confederation of Independent Trade Unions of Kazakhstan (CNTUK) has been prevented by the government from registering under a new name.",'deregistration','2017-03-28',[],[KNPRK],[],'cntuk-deregistered-2017-03-28'),
(4,"On 6 and 27 August 2018, the Ministry of Justice refused registration of the organisation under its new name, Congress of Free Trade Unions of Kazakhstan, because of the similarity of the name of the registered association with another legal entity.",'registration_denied','2018-08-06',[],[MOJ,CONGRESS,KNPRK],[],'cntuk-registration-refused-2018-08-06'),
(4,"On 6 and 27 August 2018, the Ministry of Justice refused registration of the organisation under its new name, Congress of Free Trade Unions of Kazakhstan, because of the similarity of the name of the registered association with another legal entity.",'registration_denied','2018-08-27',[],[MOJ,CONGRESS,KNPRK],[],'cntuk-registration-refused-2018-08-27'),
(4,"On 4 September 2018, the government accepted another name that was proposed, the Confederation of Free Trade Unions; however, registration was again declined based on the fact that one of the founding members was subject to court proceedings concerning an unpaid utility bill.",'registration_denied','2018-09-04',[],[CFTU_2018,KNPRK],[],'cntuk-registration-refused-2018-09-04'),
# [5] Kaz Minerals
(5,"On 1 July 2015 Kaz Minerals PLC sacked Yerlan Tabynova and 14 of his colleagues from the Kazakhmys copper smelting and processing plant.",'dismissal','2015-07-01',[TAB],[KAZMIN,KAZMYS],[],'kaz-minerals-dismissals-2015-07-01'),
# [6] 2012
(6,"Ever since the killings in Zhanaozen in December 2011 where the police shot 12 workers, public authorities have targeted leading oil workers and opposition activists who supported the strikers.",'violence','2011-12',[],[],['Zhanaozen'],'zhanaozen-killings-2011-12-16'),
(6,"Vladimir Kozlov, leader of Alga!, an unregistered opposition party, Mukhtar Ablyazov, an oil worker and a political activist are charged with inciting social discord and overthrowing the constitutional order.",'investigation','year',[KOZ,ABL],[ALGA],[],'kozlov-ablyazov-charged-2012'),
(6,"13 people who had assumed active roles in the strike, including the most outspoken oil workers received prison sentences from 3 to 7 years in June 2012.",'conviction','2012-06',[],[],[],'zhanaozen-trial-convictions-2012'),
(6,"During the trial both the defendants and witnesses testified to being tortured.",'violence','year',[],[],[],'zhanaozen-defendants-tortured-2012'),
# [7] CFTUK 2015
(7,"The Kazakh authorities refused to register the Confederation of Free Trade Unions of Kazakhstan (CFTUK), an alternative to the state-run federation of \"yellow\" unions, on 25 May 2015.",'registration_denied','2015-05-25',[],[CFTUK],[],'cftuk-registration-denied-2015-05-25'),
# [8] Mangistau local union
(8,"In September 2018, activists from the Mangistau region of Kazakhstan, previously members of the CNTUK, were not able to register a local union called the Public Association \"Independent Local Union\".",'registration_denied','2018-09',[],[KNPRK,ILU],['Mangistau Region',KZ],'mangistau-local-union-registration-denied-2018-09'),
# [9] Kazakhmys / TUMMWRK
(9,"In January 2013, the Trade Union of Mining & Metallurgy Workers of Republic of Kazakhstan (TUMMWRK) reported that Kazakhmys, a copper mining company in Kazakhstan, is forcing TUMMWRK members to quit their union and to join the company-controlled one.",'statement','2013-01',[],[TUMM,KAZMYS],[KZ],'tummwrk-reports-kazakhmys-pressure-2013-01'),
(9,"The company has also forbidden the sending of union dues directly from workers' salaries to TUMMWRK's account, completely paralysing the Kazakhmys branch of the union.",'other','month',[],[TUMM,KAZMYS],[],'kazakhmys-blocks-tummwrk-dues-2013-01'),
# [10] Toiken
(10,"An award-winning journalist, Saniya Toiken, was detained and held overnight by police in the town of Zhanaozen, Western Kazakhstan, on 11 March after covering a rally of unemployed people who had gathered to express their discontent at their economic struggles.",'arrest','2019-03-11',[TOI],[],['Zhanaozen',KZ],'toiken-detained-2019-03-11'),
(10,"It was later reported that she had been fined the equivalent of US$113 for purportedly declining to submit to police orders.",'fine','month',[TOI],[],[],'toiken-fined-2019-03'),
(10,"Earlier on 11 March, Toiken had been covering a gathering outside the mayor's office of several dozen Zhanaozen residents who were protesting what they say is the government's failure to lighten the burdens of unemployment.",'protest','2019-03-11',[DAU],[],['Zhanaozen'],'zhanaozen-unemployed-rally-2019-03-11'),
(10,"The picket was one of several that has taken place in the remote oil town since February 2019.",'protest','2019-02',[],[],[],'zhanaozen-rallies-2019'),
# [11] judicial harassment 2022
(11,"Mr Baltabay, leader of the Industrial Union of Employees in the Fuel and Energy Sector, which is currently in the process of being dissolved, was released from custody on 20 March 2020, but remains to this day prohibited from exercising any public activity, including union activities, for the next seven years.",'release','2020-03-20',[BAL],[SFEWU],[],'baltabay-released-2020-03-20'),
(11,"As for Ms Kharkova, who was president of the KNPRK, she is still today subject to a restriction of her freedom of movement issued in July 2017 for four years and a ban from exercising any function in a public or non-governmental organisation for five years.",'conviction','2017-07',[KHA],[KNPRK],[],'kharkova-convicted-2017-07-25'),
(11,"Other trade unionists are still banned today from exercising any function in a public or non-governmental organisation as a measure of reprisal for their trade union activities, including Amin Eleusinov and Nurbek Kushakbaev, who were initially arrested in 2017.",'arrest','2017',[ELE,KUS],[],[],'eleusinov-kushakbaev-arrested-2017-01-21'),
# [12] Kharkova, Eleusinov, Kushakbayev 2022
(12,"The restrictions imposed by the court sentence on the freedom of the former KNPRK leader Larisa Nilolayvna Kharkova expired on 9 November 2021.",'release','2021-11-09',[KHA],[KNPRK],[],'kharkova-restrictions-ended-2021-11-09'),
(12,"The term of this sanction was imposed by the Court of the Enbekshinsky District of the South Kazakhstan Region on 25 July 2017, expiring on 5 October 2022.",'conviction','2017-07-25',[KHA],[ENB],[],'kharkova-convicted-2017-07-25'),
(12,"In a similar way, the former activist of the Sectoral Fuel and Energy Workers Union, Amin Eleusinov, who was convicted in 2017 and in May 2018 released early from serving a prison sentence, is still banned from holding leadership positions in non-governmental organisations until 2022.",'conviction','2017',[ELE],[SFEWU],[],'eleusinov-convicted-2017-05'),
(12,"In a similar way, the former activist of the Sectoral Fuel and Energy Workers Union, Amin Eleusinov, who was convicted in 2017 and in May 2018 released early from serving a prison sentence, is still banned from holding leadership positions in non-governmental organisations until 2022.",'release','2018-05',[ELE],[SFEWU],[],'eleusinov-released-2018-05-22'),
(12,"The former leader of the Sectoral Fuel and Energy Workers Union, Nurbek Kushakbayev, who was convicted in 2017 for calling on others to join the alleged illegal strike, has completed his prison sentence.",'conviction','2017',[KUS],[SFEWU],[],'kushakbaev-convicted-2017-04'),
# [13] Kharkova Supreme Court 2018
(13,"On 7 November 2018, Kazakhstan's Supreme Court upheld the conviction and sentence of Confederation of Independent Trade Unions of Kazakhstan (KNPRK) president Larisa Kharkova.",'court_ruling','2018-11-07',[KHA],[SC,KNPRK],[],'kharkova-supreme-court-2018-11-07'),
(13,"On 25 July 2017, the Enbekshinskii District Court in Shymkent, a town in southern Kazakhstan, convicted Kharkova of abuse of office and sentenced her to 400 hours of community service and banned her from holding a leadership position in any nongovernmental organisation, such as a trade union, for five years.",'conviction','2017-07-25',[KHA],[ENB],['Shymkent',KZ],'kharkova-convicted-2017-07-25'),
# [14] OCC union registration
(14,"On 24 June 2015, the Oil Construction Company trade union started the process of re-registration in accordance with the new trade union law introduced in 2014, but their request was denied multiple times.",'registration_denied','2015-06-24',[],[OCCU,MOL],[],'occ-union-reregistration-denied-2015'),
(14,"On 24 June 2015, the Oil Construction Company trade union started the process of re-registration in accordance with the new trade union law introduced in 2014, but their request was denied multiple times.",'legislation','2014',[],[],[],'trade-union-law-2014'),
(14,"In October 2015, the trade union contested the Ministry's denial in Court, but the judge ruled in favour of the Ministry and confirmed the decision in the appeal judgment.",'court_ruling','2015-10',[],[OCCU,MOL],[],'occ-union-court-case-2015-10'),
(14,"However, the request has been denied for several futile reasons on eight different occasions.",'registration_denied','year',[],[OCCU,MOL],[],'occ-new-union-registration-denials-2016'),
(14,"On 29 April, the Ministry refused registration because the trade union used the abbreviation \"profsoyus,\" a short form for the Russian \"professionalnii soyus,\" (trade union).",'registration_denied','2016-04-29',[],[MOL,OCCU],[],'occ-new-union-registration-refused-2016-04-29'),
(14,"Their request for registration was denied on three occasions between February and March 2015, because the union indicated its intention to set up branch offices and because of the outstanding private debts of one of its members.",'registration_denied','2015-02',[],[MOL],['Zhezkazgan'],'zhezkazgan-union-registration-denied-2015'),
# [15] Zhanaozen rallies 2019
(15,"Workers in Zhanaozen, Kazakhstan, have been holding rallies since 22 February 2019, demanding increased wages for low-paid categories of workers to 150 thousand tenge (US$395), jobs for the unemployed, and full freedom to exercise trade union activities.",'protest','2019-02-22',[],[],['Zhanaozen',KZ],'zhanaozen-rallies-2019'),
(15,"Kazakh authorities responded by arresting 19 people.",'arrest','year',[],[],[],'zhanaozen-19-arrests-2019'),
# [16] Zhanaozen 2011, four years on
(16,"Four years after police killed at least 16 demonstrators and injured 60 more in the oil city of Zhanaozen in western Kazakhstan on 16 December 2011, those who organised and instigated the crackdown had still not been brought to justice.",'violence','2011-12-16',[],[],['Zhanaozen',KZ],'zhanaozen-killings-2011-12-16'),
(16,"Trade unionists and human rights campaigners decided to use the fourth anniversary of the massacre, on 16 December 2011, to highlight their call for answers.",'statement','2015-12-16',[],[],[],'zhanaozen-fourth-anniversary-call-2015-12-16'),
(16,"In the wake of the tragic events, 37 Zhanaozen residents were tried in April and May 2012 for their part in the oil workers' struggle, and 13 of them jailed.",'conviction','2012-04',[],[],['Zhanaozen'],'zhanaozen-trial-convictions-2012'),
(16,"The trial judge passed numerous, and well-documented, claims of torture, made in court, to the Mangistau district prosecutor's office, which declined to open a criminal case citing a lack of evidence.",'investigation','2012',[],[MPROS],[],'mangistau-prosecutor-declines-torture-case-2012'),
(16,"The trial judge passed numerous, and well-documented, claims of torture, made in court, to the Mangistau district prosecutor's office, which declined to open a criminal case citing a lack of evidence.",'violence','2012',[],[],[],'zhanaozen-defendants-tortured-2012'),
# [17] Sinyavsky investigation
(17,"Four years after the events, there has been no progress in investigation of the violent attack on Dimitri Sinyavsky, the chairman of the Karaganda Regional Branch of the Sectorial Union of Fuel and Energy Workers, which took place on 10 November 2018.",'violence','2018-11-10',[SEN],[SFEWU],['Karaganda Region'],'senyavsky-attacked-2018-11-10'),
# [18] Baltabay investigation
(18,"Kazakh authorities in Shymkent have begun a criminal investigation into allegations that Erlan Baltabay, head of the local trade union Decent Work for Petrochemical Industry Workers, misappropriated union funds.",'investigation','year',[BAL],[DW],['Shymkent'],'baltabay-investigation-2018'),
# [19] Atyrau
(19,"On 28 September 2021, the Department of Justice of the Atyrau Region rejected the application for the registration of the Sectoral Fuel and Energy Workers Union (SFWEU) of its Atyrau branch.",'registration_denied','2021-09-28',[],[ATYJ,SFEWU],['Atyrau'],'sfewu-atyrau-registration-denied-2021-09-28'),
(19,"The SFWEU activists reapplied for the registration of the branch, submitting the documents in October 2021, but the Department of Justice of the Atyrau Region yet again denied the registration of the Atyrau branch of the union.",'registration_denied','2021-10',[],[SFEWU,ATYJ],['Atyrau'],'sfewu-atyrau-registration-denied-2021-10'),
(19,"The union's representatives made another attempt at registering in November 2021, but the application was again denied on no specific ground.",'registration_denied','2021-11',[],[SFEWU,ATYJ],['Atyrau'],'sfewu-atyrau-registration-denied-2021-11'),
# [20] Almaty
(20,"However, by Order No. 299 of the Department of Justice of the City of Almaty dated 11 January 2022, the registration was suspended.",'registration_denied','2022-01-11',[],[ALMJ,SFEWU],[],'sfewu-almaty-registration-suspended-2022-01-11'),
(20,"The activists resubmitted documentation for registration within one month of the decision, but the Department of Justice of the City of Almaty issued a decision on 10 February to refuse registration.",'registration_denied','2022-02-10',[],[ALMJ,SFEWU],[],'sfewu-almaty-registration-refused-2022-02-10'),
# [21] Seidakhmetova, Orynaliev
(21,"On 13 December 2021, the leader of the Crane Operators' Union \"Ymit\", Saule Seidalhmetova, was convicted and sentenced to 10 days of arrest by the Specialised Inter-District Administrative Court of the City of Nur-Sultan for having taken part in an alleged illegal rally.",'conviction','2021-12-13',[SEI],[YMIT,NSAC],[],'seidakhmetova-convicted-2021-12-13'),
(21,"Seidakhmetova was apprehended for the organisation of a meeting of crane operators and union members on 5 December 2021.",'arrest','2021-12-05',[SEI],[YMIT],[],'seidakhmetova-apprehended-2021-12'),
(21,"Seidakhmetova was apprehended for the organisation of a meeting of crane operators and union members on 5 December 2021.",'protest','2021-12-05',[SEI],[YMIT],[],'ymit-meeting-2021-12-05'),
(21,"On 27 October 2021, the police arrested Jenis Orynaliev, who in May 2021 was elected the organiser and president of the new platform workers' trade union, active in organizing workers of the platforms Glovo, Chocofood, and Wolt.",'arrest','2021-10-27',[ORY],[PLATFORM],['Almaty'],'orynaliev-arrested-2021-10-27'),
# [22] SFEWU suspension
(22,"In 2019, two companies where the SFEWU operates - West Oil Software Ltd and БТК Ltd - challenged the legal status of the SFEWU before the Ministry of Justice and in September 2020 before the Akimat of the city of Shymkent, seeking an order to suspend the SFEWU's activities.",'deregistration','2019',[],[SFEWU,WOS,BTK,MOJ],[],'sfewu-status-challenged-2019'),
(22,"In 2019, two companies where the SFEWU operates - West Oil Software Ltd and БТК Ltd - challenged the legal status of the SFEWU before the Ministry of Justice and in September 2020 before the Akimat of the city of Shymkent, seeking an order to suspend the SFEWU's activities.",'deregistration','2020-09',[],[SFEWU,WOS,BTK,AKIMAT],[],'sfewu-status-challenged-2020-09'),
(22,"In January 2021, the authorities de-registered the branch of the SFEWU in the Kyzylordy region, grounding the decision on a de-registration request made by an ex-chairman, D. A. Kembilov.",'deregistration','2021-01',[KEM],[SFEWU],['Kyzylorda Region'],'sfewu-kyzylorda-branch-deregistered-2021-01'),
(22,"In February 2021 the Specialised Interdistrict Economic Court of Shymkent found the SFEWU legal status unconfirmed due to de-registration of the Kyzylordy branch.",'court_ruling','2021-02',[],[SHEC,SFEWU],['Kyzylorda Region'],'sfewu-suspended-by-court-2021-02'),
(22,"This decision was maintained by the appellate court and entered into force on 29 April 2021.",'court_ruling','2021-04-29',[],[SFEWU],[],'sfewu-suspension-upheld-2021-04-29'),
(22,"It was only in August 2021, after two appeals, that the appeal court declared the de-registration decision for the SFEWU branch unlawful, allowing the SFEWU to take steps to re-register the branch structure and to apply for waiver of its suspension.",'court_ruling','2021-08',[],[SFEWU],[],'sfewu-kyzylorda-deregistration-ruled-unlawful-2021-08'),
# [23] Zhanaozen, ten years on
(23,"16 December 2021 marked the ten-year anniversary of the tragedy in Zhanaozen, where police opened fire on protestors, killing 17 and injuring more than 100 workers.",'violence','2011-12-16',[],[],['Zhanaozen'],'zhanaozen-killings-2011-12-16'),
(23,"The violence ended a seven-month long strike involving more than 3,000 workers demanding a wage increase.",'strike','2011',[],[],[],'zhanaozen-oil-strike-2011'),
# [24] West Oil Software
(24,"In August 2021, West Oil Software Ltd refused to negotiate with the workers' representatives over the rights of subcontracted agency workers and refused to participate in the conciliatory committee.",'other','2021-08',[],[WOS],[],'west-oil-refuses-bargaining-2021-08'),
(24,"On 23 August 2021, workers organised a strike action.",'strike','2021-08-23',[],[WOS],[],'west-oil-strike-2021-08-23'),
(24,"The court immediately decided in the employer's favour, grounding the decision declaring the strike action illegal in the failure to establish the conciliatory committee.",'court_ruling','month',[],[KARAK,WOS],[],'west-oil-strike-declared-illegal-2021-08'),
# [25] Kharkova Supreme Court 2019
(25,"In July 2017, Larisa Kharkova, president of the Confederation of Independent Trade Unions of the Republic of Kazakhstan, was convicted on botched charges related to embezzlement of trade union funds and fraud.",'conviction','2017-07',[KHA],[KNPRK,ENB],[],'kharkova-convicted-2017-07-25'),
(25,"The Court of Appeal upheld the decision in September 2017.",'court_ruling','2017-09',[KHA],[],[],'kharkova-appeal-upheld-2017-09'),
(25,"In January 2018, Kharkova successfully challenged engaging in community service in her sentence, but other restrictions remained.",'court_ruling','2018-01',[KHA],[],[],'kharkova-community-service-lifted-2018-01'),
(25,"On 22 May 2019, the Supreme Court of the Republic of Kazakhstan upheld the court decision.",'court_ruling','2019-05-22',[KHA],[SC],[],'kharkova-supreme-court-2019-05-22'),
# [26] criminalisation of strikes
(26,"The latest case concerned Nurbek Kushakbaev, deputy chair of the CNTUK, who had organised a strike in the oil sector in 2017.",'conviction','2017',[KUS],[KNPRK],[],'kushakbaev-convicted-2017-04'),
(26,"The latest case concerned Nurbek Kushakbaev, deputy chair of the CNTUK, who had organised a strike in the oil sector in 2017.",'strike','2017',[KUS],[KNPRK],[],'occ-hunger-strike-2017-01'),
(26,"In July 2018, minor changes were introduced to article 402, but these changes were insignificant and did not comply with international law.",'legislation','2018-07',[],[],[],'article-402-amended-2018-07'),
(26,"New amendments proposed by the authorities in 2019 will not ensure respect for the right to strike.",'legislation','2019',[],[],[],'article-402-amendments-proposed-2019'),
# [27] Senyavskii attack
(27,"Dmitry Senyavskii, leader of the industrial-tier fuel and energy trade union (FEWU) Karaganda Region local branch, was violently attacked on November 10, 2018 at his home in Shakhtinsk by two unidentified assailants.",'violence','2018-11-10',[SEN],[SFEWU],['Karaganda Region','Shakhtinsk'],'senyavsky-attacked-2018-11-10'),
(27,"On 17 October, about a month after Senyavskii returned home from an international trade union gathering in Bosnia and Herzegovina, an unidentified assailant broke his apartment window in the middle of the night.",'violence','2018-10-17',[SEN],[],[],'senyavsky-window-broken-2018-10-17'),
(27,"A week later, an unidentified person called his wife, accusing Senyavskii of engaging in extramarital relations during his trip.",'other','2018-10-24',[SEN],[],[],'senyavsky-wife-harassed-2018-10'),
# [28] releases 2018
(28,"Amin Yeleusinov, former chair of the trade union at the Kazakhstan Oil Construction Company (OCC), was released from prison in Pavlodar on 22 May following a decision of the local court handed down on 4 May.",'release','2018-05-22',[ELE],[OCCU],['Pavlodar'],'eleusinov-released-2018-05-22'),
(28,"Amin Yeleusinov, former chair of the trade union at the Kazakhstan Oil Construction Company (OCC), was released from prison in Pavlodar on 22 May following a decision of the local court handed down on 4 May.",'court_ruling','2018-05-04',[ELE],[],[],'eleusinov-parole-decision-2018-05-04'),
(28,"Nurbek Kushakbayev, deputy chair of the KNPRK and labour inspector of the trade union at the Oil Construction Company (OCC), was released from prison in Pavlodar on 28 May following the 10 May decision of a Pavlodar court to release him from prison on parole.",'release','2018-05-28',[KUS],[KNPRK,OCCU],['Pavlodar'],'kushakbaev-released-2018-05-28'),
(28,"Nurbek Kushakbayev, deputy chair of the KNPRK and labour inspector of the trade union at the Oil Construction Company (OCC), was released from prison in Pavlodar on 28 May following the 10 May decision of a Pavlodar court to release him from prison on parole.",'court_ruling','2018-05-10',[KUS],[],['Pavlodar'],'kushakbaev-parole-decision-2018-05-10'),
(28,"Kushakbaev and Eleusinov were arrested in January 2017 after hundreds of OCC workers went on a hunger strike to protest the dissolution of the KNPRK.",'arrest','2017-01',[KUS,ELE],[],[],'eleusinov-kushakbaev-arrested-2017-01-21'),
(28,"Kushakbaev and Eleusinov were arrested in January 2017 after hundreds of OCC workers went on a hunger strike to protest the dissolution of the KNPRK.",'strike','2017-01',[],[OCC,KNPRK],[],'occ-hunger-strike-2017-01'),
(28,"The strike was stopped after a court in Astana declared it illegal.",'court_ruling','2017-01',[],[],['Astana'],'occ-hunger-strike-declared-illegal-2017-01'),
(28,"Kushakbayev was sentenced to two and a half years in prison in April 2017 after being convicted for charges of instigating an illegal strike by oil workers.",'conviction','2017-04',[KUS],[],[],'kushakbaev-convicted-2017-04'),
(28,"Eleusinov was sentenced to two years in prison in May 2017 on embezzlement charges and for publicly insulting, assaulting and refusing to obey a representative of state authority.",'conviction','2017-05',[ELE],[],[],'eleusinov-convicted-2017-05'),
# [29] arrests January 2017
(29,"On 21 January 2017, two trade union leaders - Mr. Nurbek Kushakbaev, deputy chair of the Confederation of Independent Trade Unions of Kazakhstan (CNTUK), and Mr. Amin Yeleusinov, chair of the CNTUK's affiliate Trade Union of Oil Construction Company - were arrested because they called for a strike action.",'arrest','2017-01-21',[KUS,ELE],[KNPRK,OCCU],[],'eleusinov-kushakbaev-arrested-2017-01-21'),
(29,"Mr. Yeleusinov and Mr. Kushakbaev decided to call for collective action in response to a decision of an economic court in the southern city of Shymkent that ordered the closure of the CNTUK by 4 February 2017 for its failure to re-register provincial branches in at least nine of the country's 16 regions.",'court_ruling','month',[],[KNPRK],['Shymkent'],'cntuk-liquidation-ruling-2017-01'),
(29,"Mr. Yeleusinov and Mr. Kushakbaev decided to call for collective action in response to a decision of an economic court in the southern city of Shymkent that ordered the closure of the CNTUK by 4 February 2017 for its failure to re-register provincial branches in at least nine of the country's 16 regions.",'strike','month',[ELE,KUS],[KNPRK],[],'occ-hunger-strike-2017-01'),
(29,"On 5 January, around 90 workers started a hunger strike to protest these decisions.",'strike','2017-01-05',[],[],[],'occ-hunger-strike-2017-01'),
(29,"The hunger strike rapidly spread and, by 17 January, almost 400 workers had joined the hunger strike at the Manghystau's Qalamqas and Zhetybai oil fields.",'strike','2017-01-17',[],[],['Qalamqas oil field','Zhetybai oil field'],'occ-hunger-strike-2017-01'),
(29,"Workers all over Kazakhstan are demanding that the ruling party - Nur Otan - registers CNTUK.",'statement',None,[],[NUROTAN,KNPRK],[KZ],'cntuk-petitions-to-nur-otan-2017-01'),
(29,"However, Nur Otan's regional branch is ignoring the request and denying having ever received any petitions from oil workers.",'statement',None,[],[NUROTAN],[],'nur-otan-denies-petitions-2017-01'),
# [30] dissolution of two unions
(30,"On 4 January 2017, as part of the continued attacks against freedom of association and basic trade union rights, a Court ruling ordered the dissolution of two trade unions, namely the National Healthcare Workers' Union and the National Domestic Workers' Union, both members of the Confederation Independent Trade Unions of Kazakhstan (CNTUK).",'court_ruling','2017-01-04',[],[HEALTH,DOMESTIC,KNPRK],[],'healthcare-domestic-unions-dissolved-2017-01-04'),
(30,"Following the Court ruling, all CNTUK documents have been confiscated and the activity at national level has been paralysed.",'other','month',[],[KNPRK],[],'cntuk-documents-confiscated-2017-01'),
(30,"The Court ruling had its legal grounds in the 2014 trade union law with its restrictive prerequisites in order for trade unions to be registered at national level, as well as a very biased and unclear process of registration at provincial level.",'legislation','2014',[],[],[],'trade-union-law-2014'),
# [31] Baltabay second sentence
(31,"The leader of the Independent Oil and Energy Workers' Union in Kazakhstan, Erlan Baltabay, was again arrested and sentenced to an additional five months' imprisonment for union-related activities and for not paying a fine imposed when he was previously released from prison on humanitarian grounds in August 2019 following a special decree by Kazakhstan's president, Kassym-Jomart Tokayev.",'arrest','year',[BAL],[SFEWU],[KZ],'baltabay-rearrested-2019'),
(31,"The leader of the Independent Oil and Energy Workers' Union in Kazakhstan, Erlan Baltabay, was again arrested and sentenced to an additional five months' imprisonment for union-related activities and for not paying a fine imposed when he was previously released from prison on humanitarian grounds in August 2019 following a special decree by Kazakhstan's president, Kassym-Jomart Tokayev.",'conviction','year',[BAL],[SFEWU],[KZ],'baltabay-second-sentence-2019-12'),
(31,"The leader of the Independent Oil and Energy Workers' Union in Kazakhstan, Erlan Baltabay, was again arrested and sentenced to an additional five months' imprisonment for union-related activities and for not paying a fine imposed when he was previously released from prison on humanitarian grounds in August 2019 following a special decree by Kazakhstan's president, Kassym-Jomart Tokayev.",'release','2019-08',[BAL,TOK],[],[KZ],'baltabay-pardoned-2019-08-09'),
(31,"The leader of the Independent Oil and Energy Workers' Union in Kazakhstan, Erlan Baltabay, was again arrested and sentenced to an additional five months' imprisonment for union-related activities and for not paying a fine imposed when he was previously released from prison on humanitarian grounds in August 2019 following a special decree by Kazakhstan's president, Kassym-Jomart Tokayev.",'fine','2019-08',[BAL],[],[],'baltabay-pardon-fine-2019-08'),
(31,"Baltabay was originally sentenced to seven years' imprisonment in July 2019 for the misappropriation of approximately US$28,000 of union dues.",'conviction','2019-07',[BAL],[],[],'baltabay-sentenced-2019-07'),
(31,"Baltabay says the money is still in his possession but denies fraud, saying he acted to protect the money for his members after his petrochemical workers' union, Decent Work, was forcibly dissolved in 2015.",'deregistration','2015',[],[DW],[],'decent-work-dissolved-2015'),
(31,"On 19 December 2019, the Court rejected Baltabay's appeal.",'court_ruling','2019-12-19',[BAL],[],[],'baltabay-appeal-rejected-2019-12-19'),
# [32] University Solidarity
(32,"The Central Council protests against the attempt by the authorities in Kazakhstan to deprive the Confederation of Independent Trade Unions of the Republic of Kazakhstan (KNPRK) of its legal status, and voices its serious concern about the situation with regard to workers' rights there.",'statement','2016-12-10',[],[USOL,KNPRK],[KZ],'university-solidarity-statement-2016-12-10'),
(32,"The Central Council protests against the attempt by the authorities in Kazakhstan to deprive the Confederation of Independent Trade Unions of the Republic of Kazakhstan (KNPRK) of its legal status, and voices its serious concern about the situation with regard to workers' rights there.",'deregistration','month',[],[KNPRK],[KZ],'cntuk-liquidation-attempt-2016-12'),
(32,"The Kazakhstan authorities bear responsibility for the shooting of striking workers in Zhanaozen in 2011.",'violence','2011',[],[],['Zhanaozen'],'zhanaozen-killings-2011-12-16'),
(32,"In 2014 Kazakhstan adopted a draconian law on trade unions, which made it more difficult to set up trade union organisations, subjected them to stifling bureaucratic control and imposed a whole array of restrictions on their activities.",'legislation','2014',[],[],[KZ],'trade-union-law-2014'),
(32,"In 2015 participation in \"unlawful strikes\" was made a criminal offence.",'legislation','2015',[],[],[],'unlawful-strikes-criminalised-2015'),
(32,"Adopted by the Central Council of University Solidarity, 10 December 2016.",'statement','2016-12-10',[],[USOL],[],'university-solidarity-statement-2016-12-10'),
# [33] blog
(33,"In 2011, strikes by oil workers in western Kazakhstan ended in a violent crackdown.",'strike','2011',[],[],[KZ],'zhanaozen-oil-strike-2011'),
(33,"The police opened fire on workers and others killing at least 12 people.",'violence','2011',[],[],[],'zhanaozen-killings-2011-12-16'),
# [34] ITUC statement
(34,"The ITUC deplores the killing of more than 160 people in the recent violence in Kazakhstan and calls for a full, open and public inquiry into the circumstances of all the deaths, as well as the damage to public and private property.",'statement',None,[],[ITUC],[KZ],'ituc-deplores-january-killings-2022-01'),
(34,"The ITUC deplores the killing of more than 160 people in the recent violence in Kazakhstan and calls for a full, open and public inquiry into the circumstances of all the deaths, as well as the damage to public and private property.",'violence','month',[],[],[KZ],'kz-protest-killings-2022-01'),
# [35] January 2022 toll
(35,"Nearly 8,000 people have been detained and more than 160 people have been killed following mass protests triggered by a doubling of gas prices in Kazakhstan.",'arrest','month',[],[],[KZ],'kz-mass-detentions-2022-01'),
(35,"Nearly 8,000 people have been detained and more than 160 people have been killed following mass protests triggered by a doubling of gas prices in Kazakhstan.",'violence','month',[],[],[KZ],'kz-protest-killings-2022-01'),
(35,"Nearly 8,000 people have been detained and more than 160 people have been killed following mass protests triggered by a doubling of gas prices in Kazakhstan.",'protest','month',[],[],[KZ],'kz-protests-2022-01'),
# [36] protests of 2022, strike of ten years before
(36,"Nationwide protests rocked Kazakhstan earlier this year, starting with an anti-inflation demo in the western town of Zhanaozen on 2 January.",'protest','2022',[],[],[KZ],'kz-protests-2022-01'),
(36,"Nationwide protests rocked Kazakhstan earlier this year, starting with an anti-inflation demo in the western town of Zhanaozen on 2 January.",'protest','2022-01-02',[],[],['Zhanaozen'],'zhanaozen-demonstration-2022-01-02'),
(36,"Strikes at large private and national enterprises were key components of the grassroots initial protest in January, as workers demanded improved conditions and higher salaries.",'strike','2022-01',[],[],[],'kz-enterprise-strikes-2022-01'),
(36,"Ten years prior, another worker strike in Zhanaozen had culminated in security forces opening fire against protesters, leaving at least 16 dead.",'strike','2012',[],[],['Zhanaozen'],'zhanaozen-oil-strike-2011'),
(36,"Ten years prior, another worker strike in Zhanaozen had culminated in security forces opening fire against protesters, leaving at least 16 dead.",'violence','2012',[],[],['Zhanaozen'],'zhanaozen-killings-2011-12-16'),
# [37] Matayev apology
(37,"KazTAG - The government has apologized to well-known Kazakhstani journalists Seitkazy and Aset Matayev, who had been illegally convicted.",'statement',None,[SMAT,AMAT],[],[],'matayevs-government-apology-2022-07'),
# [38] Zhanaozen jobs rallies 2022
(38,"Hundreds of residents of Kazakhstan's restive town of Zhanaozen have rallied for several days to demand jobs after deadly anti-government protests that shook the country last month.",'protest','month',[],[],['Zhanaozen'],'zhanaozen-jobs-rallies-2022-02'),
(38,"Hundreds of residents of Kazakhstan's restive town of Zhanaozen have rallied for several days to demand jobs after deadly anti-government protests that shook the country last month.",'protest','2022-01',[],[],[KZ],'kz-protests-2022-01'),
(38,"The protesters gathered in front of the town's administration on February 7, the sixth day of their rallies, saying that 2,500 men and women demand jobs in the local oil industry from the local and central government.",'protest','2022-02-07',[],[],[],'zhanaozen-jobs-rallies-2022-02'),
# [39] KTR
(39,"The Confederation of Labour of Russia (KTR) and its member organizations have watched the recent events in Kazakhstan with great pain and anxiety.",'statement',None,[],[KTR],[KZ],'ktr-communique-2022-01'),
# [40] Human Rights Alliance
(40,"Statement on the establishment of the Human Rights Alliance for Fundamental Rights",'other',None,[],[HRA],[],'human-rights-alliance-established-2022-01'),
# [41] FNPR
(41,"The Federation of Independent Trade Unions of Russia analyzed the events that took place in Kazakhstan in the first days of 2022.",'statement',None,[],[FNPR],[KZ],'fnpr-statement-2022-01'),
# [42] January 2022 unrest
(42,"Anger, injustice and politics brought people to the streets in Kazakhstan",'protest','month',[],[],[KZ],'kz-protests-2022-01'),
(42,"In the business capital, Almaty, violent clashes had set the city ablaze for three days and internet connection continued to be down.",'violence','month',[],[],['Almaty'],'almaty-clashes-2022-01'),
# [43] ITUC 2023
(43,"The ITUC demands that the government of Kazakhstan immediately implements ILO recommendations, restores the status of the Trade Union of Fuel and Energy Industry Workers as the recognised sectoral union and carries out reforms to tackle discrimination in the sector.",'statement',None,[],[ITUC,SFEWU],[KZ],'ituc-demands-sfewu-status-2023-04'),
# [44] Baltabay pardoned
(44,"The President of the Republic of Kazakhstan, Kassym Tokayev issued a decree on the evening of August 9th pardoning trade union leader Erlan Baltabay, leader of the Fuel and Energy Workers' Union and vice-president of the Confederation of Independent Trade Unions of Kazakhstan (KNPRK), from custody.",'release','2019-08-09',[TOK,BAL],[SFEWU,KNPRK],[KZ],'baltabay-pardoned-2019-08-09'),
(44,"Baltabay was sentenced to seven years' imprisonment on July 17, 2019, on embezzlement charges that the international labor movement condemned as being politically motivated.",'conviction','2019-07-17',[BAL],[],[],'baltabay-sentenced-2019-07'),
# [45] RFE/RL
(45,"Following a wave of antigovernment protests across Kazakhstan earlier this month, activists from the volatile city of Zhanaozen say authorities are taking extraordinary measures to prevent them from attending another rally.",'protest','2022-01',[],[],[KZ],'kz-protests-2022-01'),
# [46] IndustriALL
(46,"IndustriALL Global Union is calling for the immediate release of Kazakh trade union leader, Erlan Baltabay, after he was sentenced to seven years in prison by a Kazakh court on 17 July.",'statement',None,[BAL],[IALL],[],'industriall-calls-for-baltabay-release-2019-07-18'),
(46,"IndustriALL Global Union is calling for the immediate release of Kazakh trade union leader, Erlan Baltabay, after he was sentenced to seven years in prison by a Kazakh court on 17 July.",'conviction','2019-07-17',[BAL],[],[],'baltabay-sentenced-2019-07'),
# [47] ITUC
(47,"The ITUC has harshly condemned the sentencing of Kazakhstan trade union leader Erlan Baltabay.",'statement',None,[BAL],[ITUC],[KZ],'ituc-condemns-baltabay-sentence-2019-07-18'),
(47,"The ITUC has harshly condemned the sentencing of Kazakhstan trade union leader Erlan Baltabay.",'conviction','month',[BAL],[],[KZ],'baltabay-sentenced-2019-07'),
# [48] RFE/RL ILO
(48,"As pressure built against Kazakhstan at the International Labor Organization's (ILO) conference in Geneva this month to address the country's poor record on trade union rights, authorities back home are seeking to jail an independent trade union leader.",'other','2019-06',[],[ILO],[KZ,'Geneva'],'ilo-cas-review-kazakhstan-2019-06'),
# [49] ITUC letter
(49,"Here you can find a letter sent by ITUC to the President of Kazakhstan regarding violations of ILO Convention 87.",'statement',None,[],[ITUC],[KZ],'ituc-letter-to-president-2019-06'),
# [50] HRW / ILO
(50,"As the International Labour Organisation (ILO) celebrates its Centenary this week, one of its key committees decided today to examine once again the grim situation for labor rights in Kazakhstan.",'other','2019-06-11',[],[ILO],[KZ],'ilo-cas-review-kazakhstan-2019-06'),
# [51] Zhuaspayeva
(51,"Gulnara Zhuaspayeva told a press conference in Almaty on April 1 that she believes this is an attempt to intimidate her into desisting from her work.",'statement','2019-04-01',[ZHU],[],['Almaty'],'zhuaspayeva-press-conference-2019-04-01'),
# [52] pre-trial detention of a protest leader
(52,"A court in Kazakhstan's southwestern town of Zhanaozen on March 26 ordered a leader of recent protests staged by jobless young people placed in pre-trial arrest for two months.",'arrest','2019-03-26',[],[],['Zhanaozen'],'zhanaozen-protest-leader-detained-2019-03-26'),
(52,"A court in Kazakhstan's southwestern town of Zhanaozen on March 26 ordered a leader of recent protests staged by jobless young people placed in pre-trial arrest for two months.",'protest','month',[],[],['Zhanaozen'],'zhanaozen-rallies-2019'),
# [53] RFE/RL correspondent fined
(53,"An RFE/RL correspondent in Kazakhstan has been fined after being detained for the third time in weeks in the restive city of Zhanaozen, where she has been covering ongoing rallies.",'fine','month',[],[RFERL],[KZ,'Zhanaozen'],'toiken-third-detention-fine-2019-03'),
(53,"An RFE/RL correspondent in Kazakhstan has been fined after being detained for the third time in weeks in the restive city of Zhanaozen, where she has been covering ongoing rallies.",'arrest','month',[],[RFERL],['Zhanaozen'],'toiken-third-detention-2019-03'),
]
