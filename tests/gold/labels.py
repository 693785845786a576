# Gold labels. Each: (doc_index_among_kept, evidence, type, date_or_None, people, orgs, locs, event)
# date None => from published date.
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
ILU='Public Association “Independent Local Union”'
ENTDEP='Entrepreneurship Department of Almaty'
KZ='Kazakhstan'

L = [
# [0] mass media union
(0,"Authorities denied registration to the Sectoral Mass Media and Telecom Workers' Union",'registration_denied',None,[],[MEDIA],[],'mass-media-union-registration-denied-2021-04-23'),
(0,"On 23 April 2021, the Order No. 2164-р of the RK Ministry of Justice denied registration of the Sectoral Union of Mass Media and Telecommunications Workers' Union, quoting as the grounds the union's lack of confirmation of its status by the justice authorities and the union's failure to produce the originals of the former founding documents.",'registration_denied','2021-04-23',[],[MOJ,MEDIA],[],'mass-media-union-registration-denied-2021-04-23'),
(0,"The founding documents in question had been provided to the Ministry of Justice during the registration of the union in December 2015.",'other','2015-12',[],[MOJ],[],'mass-media-union-registered-2015-12'),
# [1] Kharkova surveillance
(1,"Authorities monitor the President of the Confederation of Independent Trade Union of the CNTUK during her trade union activity",'surveillance',None,[],[KNPRK],[],'kharkova-surveillance-aktau-2016'),
(1,"In March 2016, Larisa Kharkova, the president of the Confederation of Independent Trade Unions of the Republic of Kazakhstan (CNTUK), has denounced the fact that she faced surveillance by Kazakh authorities even during a work trip in Aktau in the western part of the country.",'surveillance','2016-03',[KHA],[KNPRK],['Aktau'],'kharkova-surveillance-aktau-2016'),
# [2] January 2022
(2,"The ITUC deplored the killing of more than 160 people in the recent violence in Kazakhstan and calls for a full, open and public inquiry into the circumstances of all the deaths, as well as the damage to public and private property.",'statement',None,[],[ITUC],[KZ],'ituc-deplores-january-killings-2022-01'),
(2,"Three trade union officials from the Fuel and Energy Trade Union of Kazakhstan, Kuspan Kosshygulov, Takhir Erdanov and Amin Eleusinov, went missing after participating in protests in Aktau on 6 January.",'arrest','2022-01-06',[KOS,ERD,ELE],[SFEWU],['Aktau'],'sfewu-officials-detained-aktau-2022-01-06'),
(2,"Following the urgent intervention by IndustriALL and the ITUC, they were later released.",'release',None,[],[IALL,ITUC],[],'sfewu-officials-released-2022-01'),
# [3] CITUK registration 2018
(3,"CITUK prevented from registering official status",'registration_denied',None,[],[KNPRK],[],'cntuk-registration-refusals-2018'),
(3,"Since it was deregistered on 28 March 2017, the Confederation of independent Trade Unions of Kazakhstan (CITUK) has been prevented by the government from registering under a new name.",'deregistration','2017-03-28',[],[KNPRK],[],'cntuk-deregistered-2017-03-28'),
(3,"On 6 and 27 August 2018, the Ministry of Justice refused registration of the organisation under its new name, Congress of Free Trade Unions of Kazakhstan.",'registration_denied','2018-08-06',[],[MOJ,CONGRESS],[],'cntuk-registration-refused-2018-08-06'),
(3,"On 4 September 2018, the government accepted another name that was proposed, the Confederation of Free Trade Unions; however, registration was again declined based on the fact that one of the founding members was subject to court proceedings concerning an unpaid utility bill.",'registration_denied','2018-09-04',[],[CFTU_2018],[],'cntuk-registration-refused-2018-09-04'),
# [4] CNTUK 2019
(4,"Since it was deregistered on 28 March 2017, the Confederation of Independent Trade Unions of Kazakhstan (CNTUK) has been prevented by the government from registering under a new name.",'deregistration','2017-03-28',[],[KNPRK],[],'cntuk-deregistered-2017-03-28'),
(4,"On 6 and 27 August 2018, the Ministry of Justice refused registration of the organisation under its new name, Congress of Free Trade Unions of Kazakhstan, because of the similarity of the name of the registered association with another legal entity.",'registration_denied','2018-08-06',[],[MOJ,CONGRESS],[],'cntuk-registration-refused-2018-08-06'),
(4,"On 4 September 2018, the government accepted another name that was proposed, the Confederation of Free Trade Unions; however, registration was again declined based on the fact that one of the founding members was subject to court proceedings concerning an unpaid utility bill.",'registration_denied','2018-09-04',[],[CFTU_2018],[],'cntuk-registration-refused-2018-09-04'),
# [5] Kaz Minerals
(5,"On 1 July 2015 Kaz Minerals PLC sacked Yerlan Tabynova and 14 of his colleagues from the Kazakhmys copper smelting and processing plant.",'dismissal','2015-07-01',[TAB],[KAZMIN,KAZMYS],[],'kaz-minerals-dismissals-2015-07-01'),
# [6] 2012
(6,"Vladimir Kozlov, leader of Alga!, an unregistered opposition party, Mukhtar Ablyazov, an oil worker and a political activist are charged with inciting social discord and overthrowing the constitutional order.",'investigation',None,[KOZ,ABL],[ALGA],[],'kozlov-ablyazov-charged-2012'),
# [7] CFTUK 2015
(7,"The Kazakh authorities refused to register the Confederation of Free Trade Unions of Kazakhstan (CFTUK), an alternative to the state-run federation of \"yellow\" unions, on 25 May 2015.",'registration_denied','2015-05-25',[],[CFTUK],[],'cftuk-registration-denied-2015-05-25'),
# [8] Mangistau local union
(8,"In September 2018, activists from the Mangistau region of Kazakhstan, previously members of the CNTUK, were not able to register a local union called the Public Association \"Independent Local Union\".",'registration_denied','2018-09',[],[KNPRK,ILU],['Mangistau Region',KZ],'mangistau-local-union-registration-denied-2018-09'),
# [9] Kazakhmys / TUMMWRK
(9,"In January 2013, the Trade Union of Mining & Metallurgy Workers of Republic of Kazakhstan (TUMMWRK) reported that Kazakhmys, a copper mining company in Kazakhstan, is forcing TUMMWRK members to quit their union and to join the company-controlled one.",'other','2013-01',[],[TUMM,KAZMYS],[KZ],'kazakhmys-pressures-tummwrk-members-2013-01'),
(9,"The company has also forbidden the sending of union dues directly from workers' salaries to TUMMWRK's account, completely paralysing the Kazakhmys branch of the union.",'other',None,[],[TUMM,KAZMYS],[],'kazakhmys-blocks-tummwrk-dues-2013-01'),
# [10] Toiken
(10,"An award-winning journalist, Saniya Toiken, was detained and held overnight by police in the town of Zhanaozen, Western Kazakhstan, on 11 March after covering a rally of unemployed people who had gathered to express their discontent at their economic struggles.",'arrest','2019-03-11',[TOI],[],['Zhanaozen',KZ],'toiken-detained-2019-03-11'),
(10,"Police arrested Toiken after a brawl had taken place at a café where she had been eating.",'arrest',None,[TOI],[],[],'toiken-detained-2019-03-11'),
(10,"However, others involved in the brawl were released immediately, and Toiken was held in custody for six hours.",'arrest',None,[TOI],[],[],'toiken-detained-2019-03-11'),
(10,"Earlier on 11 March, Toiken had been covering a gathering outside the mayor's office of several dozen Zhanaozen residents who were protesting what they say is the government's failure to lighten the burdens of unemployment.",'protest','2019-03-11',[TOI],[],['Zhanaozen'],'zhanaozen-unemployed-rally-2019-03-11'),
(10,"The crowd also demanded to speak directly to the mayor, Adilbek Dauylbayev.",'protest',None,[DAU],[],[],'zhanaozen-unemployed-rally-2019-03-11'),
# [11] judicial harassment 2022
(11,"Mr Baltabay, leader of the Industrial Union of Employees in the Fuel and Energy Sector, which is currently in the process of being dissolved, was released from custody on 20 March 2020, but remains to this day prohibited from exercising any public activity, including union activities, for the next seven years.",'release','2020-03-20',[BAL],[SFEWU],[],'baltabay-released-2020-03-20'),
(11,"Following this conviction, Mr Baltabay was forced to resign from his post.",'other',None,[BAL],[],[],'baltabay-forced-to-resign-2020'),
(11,"As for Ms Kharkova, who was president of the KNPRK, she is still today subject to a restriction of her freedom of movement issued in July 2017 for four years and a ban from exercising any function in a public or non-governmental organisation for five years.",'conviction','2017-07',[KHA],[KNPRK],[],'kharkova-convicted-2017-07-25'),
(11,"Other trade unionists are still banned today from exercising any function in a public or non-governmental organisation as a measure of reprisal for their trade union activities, including Amin Eleusinov and Nurbek Kushakbaev, who were initially arrested in 2017.",'arrest','2017',[ELE,KUS],[],[],'eleusinov-kushakbaev-arrested-2017-01-21'),
# [12] Kharkova, Eleusinov, Kushakbayev 2022
(12,"The restrictions imposed by the court sentence on the freedom of the former KNPRK leader Larisa Nilolayvna Kharkova expired on 9 November 2021.",'other','2021-11-09',[KHA],[KNPRK],[],'kharkova-restrictions-expired-2021-11-09'),
(12,"The term of this sanction was imposed by the Court of the Enbekshinsky District of the South Kazakhstan Region on 25 July 2017, expiring on 5 October 2022.",'conviction','2017-07-25',[],[ENB],[],'kharkova-convicted-2017-07-25'),
(12,"Kharkova was unable to open a settlement account in any of the Kazakhstan banks, as her personal bank account is still blocked; this blocking of her account was imposed in the course of the examination of the criminal case against her.",'other',None,[KHA],[],[KZ],'kharkova-bank-account-blocked'),
(12,"In a similar way, the former activist of the Sectoral Fuel and Energy Workers Union, Amin Eleusinov, who was convicted in 2017 and in May 2018 released early from serving a prison sentence, is still banned from holding leadership positions in non-governmental organisations until 2022.",'release','2018-05',[ELE],[SFEWU],[],'eleusinov-released-2018-05-22'),
(12,"The former leader of the Sectoral Fuel and Energy Workers Union, Nurbek Kushakbayev, who was convicted in 2017 for calling on others to join the alleged illegal strike, has completed his prison sentence.",'conviction','2017',[KUS],[SFEWU],[],'kushakbaev-convicted-2017-04'),
# [13] Kharkova Supreme Court 2018
(13,"Larisa Kharkova appeal refused by judge",'court_ruling',None,[KHA],[],[],'kharkova-supreme-court-2018-11-07'),
(13,"On 7 November 2018, Kazakhstan's Supreme Court upheld the conviction and sentence of Confederation of Independent Trade Unions of Kazakhstan (KNPRK) president Larisa Kharkova.",'court_ruling','2018-11-07',[KHA],[SC,KNPRK],[],'kharkova-supreme-court-2018-11-07'),
(13,"On 25 July 2017, the Enbekshinskii District Court in Shymkent, a town in southern Kazakhstan, convicted Kharkova of abuse of office and sentenced her to 400 hours of community service and banned her from holding a leadership position in any nongovernmental organisation, such as a trade union, for five years.",'conviction','2017-07-25',[KHA],[ENB],['Shymkent',KZ],'kharkova-convicted-2017-07-25'),
# [14] OCC union registration
(14,"Ministry of Labour denies registration to the independent trade union of the Oil Construction Company providing specious motivation",'registration_denied',None,[],[MOL,OCCU],[],'occ-union-registration-denials-2015-2016'),
(14,"On 24 June 2015, the Oil Construction Company trade union started the process of re-registration in accordance with the new trade union law introduced in 2014, but their request was denied multiple times.",'registration_denied','2015-06-24',[],[OCCU],[],'occ-union-reregistration-denied-2015'),
(14,"Being unable to re-register the existing trade union, the Oil Construction Company trade union tried to register a new union.",'other',None,[],[OCCU],[],'occ-union-new-union-application-2015'),
# [16] Zhanaozen prosecutor
(16,"The trial judge passed numerous, and well-documented, claims of torture, made in court, to the Mangistau district prosecutor's office, which declined to open a criminal case citing a lack of evidence.",'investigation',None,[],[MPROS],[],'mangistau-prosecutor-declines-torture-case-2012'),
# [17] Sinyavsky investigation
(17,"No progress in the investigation of the violent attack against Dimitri Sinyavsky",'violence',None,[SEN],[],[],'senyavsky-attacked-2018-11-10'),
(17,"Four years after the events, there has been no progress in investigation of the violent attack on Dimitri Sinyavsky, the chairman of the Karaganda Regional Branch of the Sectorial Union of Fuel and Energy Workers, which took place on 10 November 2018.",'violence','2018-11-10',[SEN],[SFEWU],['Karaganda Region'],'senyavsky-attacked-2018-11-10'),
# [18] Baltabay investigation
(18,"Kazakh authorities in Shymkent have begun a criminal investigation into allegations that Erlan Baltabay, head of the local trade union Decent Work for Petrochemical Industry Workers, misappropriated union funds.",'investigation',None,[BAL],[DW],['Shymkent'],'baltabay-investigation-2018'),
(18,"The investigation stems from a complaint filed by a trade union member accusing Baltabay of stealing approximately US$28,000 in membership dues.",'investigation',None,[BAL],[],[],'baltabay-investigation-2018'),
(18,"As part of the investigation, the authorities have repeatedly summoned Baltabay for questioning, searched his home and office, and seized trade union documents and the trade union's stamp.",'investigation',None,[BAL],[],[],'baltabay-investigation-2018'),
# [19] Atyrau
(19,"Refusal to register the SFEWU Atyrau branch",'registration_denied',None,[],[SFEWU],['Atyrau'],'sfewu-atyrau-registration-refusals-2021'),
(19,"On 28 September 2021, the Department of Justice of the Atyrau Region rejected the application for the registration of the Sectoral Fuel and Energy Workers Union (SFWEU) of its Atyrau branch.",'registration_denied','2021-09-28',[],[ATYJ,SFEWU],['Atyrau'],'sfewu-atyrau-registration-denied-2021-09-28'),
(19,"The SFWEU activists reapplied for the registration of the branch, submitting the documents in October 2021, but the Department of Justice of the Atyrau Region yet again denied the registration of the Atyrau branch of the union.",'registration_denied','2021-10',[],[SFEWU,ATYJ],['Atyrau'],'sfewu-atyrau-registration-denied-2021-10'),
(19,"On 23 December 2021, the SFWEU representative again submitted the set of documents for the registration of the union's branch in the Atyrau region, but at the moment of writing no decision on the submitted documents had yet been taken.",'other','2021-12-23',[],[SFEWU],['Atyrau'],'sfewu-atyrau-registration-application-2021-12-23'),
# [20] Almaty
(20,"Refusal to register the SFWEU Almaty branch",'registration_denied',None,[],[SFEWU],['Almaty'],'sfewu-almaty-registration-refused-2022-02-10'),
(20,"The Sectoral Fuel and Energy Workers Union (SFWEU) attempted to register its branch in the city of Almaty, sending all the necessary registration documents to the registration authorities on 30 December 2021.",'other','2021-12-30',[],[SFEWU],['Almaty'],'sfewu-almaty-registration-application-2021-12-30'),
(20,"However, by Order No. 299 of the Department of Justice of the City of Almaty dated 11 January 2022, the registration was suspended.",'registration_denied','2022-01-11',[],[ALMJ],[],'sfewu-almaty-registration-suspended-2022-01-11'),
(20,"The activists resubmitted documentation for registration within one month of the decision, but the Department of Justice of the City of Almaty issued a decision on 10 February to refuse registration.",'registration_denied','2022-02-10',[],[ALMJ],[],'sfewu-almaty-registration-refused-2022-02-10'),
# [21] Seidakhmetova, Orynaliev
(21,"On 13 December 2021, the leader of the Crane Operators' Union \"Ymit\", Saule Seidalhmetova, was convicted and sentenced to 10 days of arrest by the Specialised Inter-District Administrative Court of the City of Nur-Sultan for having taken part in an alleged illegal rally.",'conviction','2021-12-13',[SEI],[YMIT,NSAC],[],'seidakhmetova-convicted-2021-12-13'),
(21,"Seidakhmetova was apprehended for the organisation of a meeting of crane operators and union members on 5 December 2021.",'arrest','2021-12-05',[SEI],[],[],'seidakhmetova-apprehended-2021-12'),
(21,"On 27 October 2021, the police arrested Jenis Orynaliev, who in May 2021 was elected the organiser and president of the new platform workers' trade union, active in organizing workers of the platforms Glovo, Chocofood, and Wolt.",'arrest','2021-10-27',[ORY],[PLATFORM,GLOVO,CHOCO,WOLT],[],'orynaliev-arrested-2021-10-27'),
(21,"Orynaliev was arrested on the very day the new union planned to hold a strike in the City of Almaty.",'arrest',None,[ORY],[],['Almaty'],'orynaliev-arrested-2021-10-27'),
(21,"Although the management of Glovo and the Entrepreneurship Department of Almaty did initiate talks with the company couriers at the moment of the arrest of Orynaliev, for the subsequent seven months the union creation initiative group was unable to secure official registration.",'other',None,[ORY],[GLOVO,ENTDEP],[],'glovo-courier-talks-2021-10'),
# [22] SFEWU suspension
(22,"In 2019, two companies where the SFEWU operates - West Oil Software Ltd and БТК Ltd - challenged the legal status of the SFEWU before the Ministry of Justice and in September 2020 before the Akimat of the city of Shymkent, seeking an order to suspend the SFEWU's activities.",'other','2019',[],[SFEWU,WOS,BTK,MOJ,AKIMAT],[],'sfewu-status-challenged-2019'),
(22,"In January 2021, the authorities de-registered the branch of the SFEWU in the Kyzylordy region, grounding the decision on a de-registration request made by an ex-chairman, D. A. Kembilov.",'deregistration','2021-01',[KEM],[SFEWU],['Kyzylorda Region'],'sfewu-kyzylorda-branch-deregistered-2021-01'),
(22,"The de-registration decision was taken regardless of the fact that such a de-registration request would require a decision by the collective trade union body, i.e., the branch members' conference, subject to approval by the union's council and the fact that the term of Kembilov as chairman had expired.",'deregistration',None,[KEM],[],[],'sfewu-kyzylorda-branch-deregistered-2021-01'),
(22,"In February 2021 the Specialised Interdistrict Economic Court of Shymkent found the SFEWU legal status unconfirmed due to de-registration of the Kyzylordy branch.",'court_ruling','2021-02',[],[SHEC,SFEWU],['Kyzylorda Region'],'sfewu-suspended-by-court-2021-02'),
(22,"Consequently, the court suspended the SFEWU's activities for six months.",'court_ruling',None,[],[SFEWU],[],'sfewu-suspended-by-court-2021-02'),
(22,"It was only in August 2021, after two appeals, that the appeal court declared the de-registration decision for the SFEWU branch unlawful, allowing the SFEWU to take steps to re-register the branch structure and to apply for waiver of its suspension.",'court_ruling','2021-08',[],[SFEWU],[],'sfewu-kyzylorda-deregistration-ruled-unlawful-2021-08'),
# [24] West Oil Software
(24,"Strike declared illegal at West Oil Software Ltd while employer denies collective bargaining rights",'court_ruling',None,[],[WOS],[],'west-oil-strike-declared-illegal-2021-08'),
(24,"In August 2021, West Oil Software Ltd refused to negotiate with the workers' representatives over the rights of subcontracted agency workers and refused to participate in the conciliatory committee.",'other','2021-08',[],[WOS],[],'west-oil-refuses-bargaining-2021-08'),
(24,"The employer applied to the Karakyansky District Court of the Mangistau seeking that the court declare the strike illegal.",'other',None,[],[KARAK],[],'west-oil-court-application-2021-08'),
# [25] Kharkova Supreme Court 2019
(25,"Supreme Court upholds unjust sentence against Larisa Kharkova",'court_ruling',None,[KHA],[SC],[],'kharkova-supreme-court-2019-05-22'),
(25,"In July 2017, Larisa Kharkova, president of the Confederation of Independent Trade Unions of the Republic of Kazakhstan, was convicted on botched charges related to embezzlement of trade union funds and fraud.",'conviction','2017-07',[KHA],[KNPRK],[],'kharkova-convicted-2017-07-25'),
(25,"The Shymkent District Court sentenced her to 100 hours of community service and four years of restriction of freedom of movement and imposed a five-year ban on holding a leadership position in any non-governmental organisation, including a trade union.",'conviction',None,[],[ENB],[],'kharkova-convicted-2017-07-25'),
(25,"In January 2018, Kharkova successfully challenged engaging in community service in her sentence, but other restrictions remained.",'court_ruling','2018-01',[KHA],[],[],'kharkova-community-service-lifted-2018-01'),
(25,"On 22 May 2019, the Supreme Court of the Republic of Kazakhstan upheld the court decision.",'court_ruling','2019-05-22',[],[SC],[],'kharkova-supreme-court-2019-05-22'),
# [26] criminalisation of strikes
(26,"The latest case concerned Nurbek Kushakbaev, deputy chair of the CNTUK, who had organised a strike in the oil sector in 2017.",'conviction','2017',[KUS],[KNPRK],[],'kushakbaev-convicted-2017-04'),
# [27] Senyavskii attack
(27,"Dmitry Senyavskii, leader of the industrial-tier fuel and energy trade union (FEWU) Karaganda Region local branch, was violently attacked on November 10, 2018 at his home in Shakhtinsk by two unidentified assailants.",'violence','2018-11-10',[SEN],[SFEWU],['Karaganda Region','Shakhtinsk'],'senyavsky-attacked-2018-11-10'),
(27,"Senyavskii was subsequently hospitalised with serious injuries, including a broken arm and concussion.",'violence',None,[SEN],[],[],'senyavsky-attacked-2018-11-10'),
(27,"On 17 October, about a month after Senyavskii returned home from an international trade union gathering in Bosnia and Herzegovina, an unidentified assailant broke his apartment window in the middle of the night.",'violence','2018-10-17',[SEN],[],['Bosnia and Herzegovina'],'senyavsky-window-broken-2018-10-17'),
(27,"A week later, an unidentified person called his wife, accusing Senyavskii of engaging in extramarital relations during his trip.",'other','2018-10-24',[SEN],[],[],'senyavsky-wife-harassed-2018-10'),
# [28] releases 2018
(28,"Two prominent labour leaders were released from prison on parole in May 2018, one year after being convicted in retaliation for organising strike action protesting against the dissolution of the Confederation of Independent Trade Unions of Kazakhstan (KNPRK).",'release','2018-05',[],[KNPRK],[],'eleusinov-released-2018-05-22'),
(28,"Amin Yeleusinov, former chair of the trade union at the Kazakhstan Oil Construction Company (OCC), was released from prison in Pavlodar on 22 May following a decision of the local court handed down on 4 May.",'release','2018-05-22',[ELE],[OCCU],['Pavlodar'],'eleusinov-released-2018-05-22'),
(28,"Nurbek Kushakbayev, deputy chair of the KNPRK and labour inspector of the trade union at the Oil Construction Company (OCC), was released from prison in Pavlodar on 28 May following the 10 May decision of a Pavlodar court to release him from prison on parole.",'release','2018-05-28',[KUS],[KNPRK,OCCU],['Pavlodar'],'kushakbaev-released-2018-05-28'),
(28,"Kushakbaev and Eleusinov were arrested in January 2017 after hundreds of OCC workers went on a hunger strike to protest the dissolution of the KNPRK.",'arrest','2017-01',[KUS,ELE],[OCC,KNPRK],[],'eleusinov-kushakbaev-arrested-2017-01-21'),
(28,"Kushakbayev was sentenced to two and a half years in prison in April 2017 after being convicted for charges of instigating an illegal strike by oil workers.",'conviction','2017-04',[KUS],[],[],'kushakbaev-convicted-2017-04'),
(28,"Eleusinov was sentenced to two years in prison in May 2017 on embezzlement charges and for publicly insulting, assaulting and refusing to obey a representative of state authority.",'conviction','2017-05',[ELE],[],[],'eleusinov-convicted-2017-05'),
# [29] arrests January 2017
(29,"On 21 January 2017, two trade union leaders - Mr. Nurbek Kushakbaev, deputy chair of the Confederation of Independent Trade Unions of Kazakhstan (CNTUK), and Mr. Amin Yeleusinov, chair of the CNTUK's affiliate Trade Union of Oil Construction Company - were arrested because they called for a strike action.",'arrest','2017-01-21',[KUS,ELE],[KNPRK,OCCU],[],'eleusinov-kushakbaev-arrested-2017-01-21'),
(29,"Mr. Yeleusinov and Mr. Kushakbaev decided to call for collective action in response to a decision of an economic court in the southern city of Shymkent that ordered the closure of the CNTUK by 4 February 2017 for its failure to re-register provincial branches in at least nine of the country's 16 regions.",'strike',None,[ELE,KUS],[KNPRK],['Shymkent'],'occ-hunger-strike-2017-01'),
(29,"The refusal to register trade unions and to de-register CNTUK was denounced by several international observers as an \"egregious violation\" of internationally guaranteed workers' rights.",'deregistration',None,[],[KNPRK],[],'cntuk-liquidation-ruling-2017-01'),
(29,"Workers all over Kazakhstan are demanding that the ruling party - Nur Otan - registers CNTUK.",'statement',None,[],[NUROTAN,KNPRK],[KZ],'cntuk-petitions-to-nur-otan-2017-01'),
(29,"However, Nur Otan's regional branch is ignoring the request and denying having ever received any petitions from oil workers.",'statement',None,[],[NUROTAN],[],'nur-otan-denies-petitions-2017-01'),
# [30] dissolution of two unions
(30,"On 4 January 2017, as part of the continued attacks against freedom of association and basic trade union rights, a Court ruling ordered the dissolution of two trade unions, namely the National Healthcare Workers' Union and the National Domestic Workers' Union, both members of the Confederation Independent Trade Unions of Kazakhstan (CNTUK).",'court_ruling','2017-01-04',[],[HEALTH,DOMESTIC,KNPRK],[],'healthcare-domestic-unions-dissolved-2017-01-04'),
(30,"Following the Court ruling, all CNTUK documents have been confiscated and the activity at national level has been paralysed.",'other',None,[],[KNPRK],[],'cntuk-documents-confiscated-2017-01'),
# [31] Baltabay second sentence
(31,"The leader of the Independent Oil and Energy Workers' Union in Kazakhstan, Erlan Baltabay, was again arrested and sentenced to an additional five months' imprisonment for union-related activities and for not paying a fine imposed when he was previously released from prison on humanitarian grounds in August 2019 following a special decree by Kazakhstan's president, Kassym-Jomart Tokayev.",'conviction',None,[BAL,TOK],[SFEWU],[KZ],'baltabay-second-sentence-2019-12'),
(31,"Baltabay was originally sentenced to seven years' imprisonment in July 2019 for the misappropriation of approximately US$28,000 of union dues.",'conviction','2019-07',[BAL],[],[],'baltabay-sentenced-2019-07'),
(31,"Baltabay says the money is still in his possession but denies fraud, saying he acted to protect the money for his members after his petrochemical workers' union, Decent Work, was forcibly dissolved in 2015.",'deregistration','2015',[BAL],[DW],[],'decent-work-dissolved-2015'),
(31,"Baltabay insisted on his innocence and refused to pay the fine or recognise the presidential pardon.",'other',None,[BAL],[],[],'baltabay-refuses-pardon-fine-2019'),
(31,"Baltabay and his lawyer argued in court that the criminal charges levied against him of large-scale misappropriation of funds were politically motivated and unfounded from the start.",'other',None,[BAL],[],[],'baltabay-appeal-hearing-2019-12'),
(31,"On 19 December 2019, the Court rejected Baltabay's appeal.",'court_ruling','2019-12-19',[BAL],[],[],'baltabay-appeal-rejected-2019-12-19'),
(31,"The sentencing of Baltabay has been condemned by international trade unions and human rights groups.",'conviction',None,[BAL],[],[],'baltabay-second-sentence-2019-12'),
# [32] University Solidarity
(32,"Statement by the Central Council of the University Solidarity trade union",'statement',None,[],[USOL],[],'university-solidarity-statement-2016-12-10'),
(32,"The Central Council protests against the attempt by the authorities in Kazakhstan to deprive the Confederation of Independent Trade Unions of the Republic of Kazakhstan (KNPRK) of its legal status, and voices its serious concern about the situation with regard to workers' rights there.",'statement',None,[],[KNPRK],[KZ],'university-solidarity-statement-2016-12-10'),
(32,"We stand in solidarity with our comrades of the KNPRK and call on all trade union organisations, civil society groups and all concerned citizens to support the free trade unions of Kazakhstan in their just struggle.",'statement',None,[],[KNPRK],[KZ],'university-solidarity-statement-2016-12-10'),
(32,"Adopted by the Central Council of University Solidarity, 10 December 2016.",'statement','2016-12-10',[],[USOL],[],'university-solidarity-statement-2016-12-10'),
# [34] ITUC statement
(34,"The ITUC deplores the killing of more than 160 people in the recent violence in Kazakhstan and calls for a full, open and public inquiry into the circumstances of all the deaths, as well as the damage to public and private property.",'statement',None,[],[ITUC],[KZ],'ituc-deplores-january-killings-2022-01'),
# [37] Matayev apology
(37,"Government apologized to well-known journalists Seitkazy and Aset Matayev",'other',None,[SMAT,AMAT],[],[],'matayevs-government-apology-2022-07'),
(37,"KazTAG - The government has apologized to well-known Kazakhstani journalists Seitkazy and Aset Matayev, who had been illegally convicted.",'other',None,[SMAT,AMAT],[KAZTAG],[],'matayevs-government-apology-2022-07'),
# [39] KTR
(39,"A COMMUNIQUE BY THE CONFEDERATION OF LABOR OF RUSSIA (KTR) ON THE EVENTS IN KAZAKHSTAN",'statement',None,[],[KTR],[KZ],'ktr-communique-2022-01'),
(39,"The Confederation of Labour of Russia (KTR) and its member organizations have watched the recent events in Kazakhstan with great pain and anxiety.",'statement',None,[],[KTR],[KZ],'ktr-communique-2022-01'),
# [40] Human Rights Alliance
(40,"Statement on the establishment of the Human Rights Alliance for Fundamental Rights",'other',None,[],[HRA],[],'human-rights-alliance-established-2022-01'),
# [41] FNPR
(41,"\"LESSONS OF KAZAKHSTAN\": THE FNPR ASSESSED THE EVENTS",'statement',None,[],[FNPR],[KZ],'fnpr-statement-2022-01'),
(41,"The Federation of Independent Trade Unions of Russia analyzed the events that took place in Kazakhstan in the first days of 2022.",'statement',None,[],[FNPR],[KZ],'fnpr-statement-2022-01'),
(41,"The FNPR expresses sympathy for the fraternal Kazakh people, mourns with them for the victims of the riots.",'statement',None,[],[FNPR],[],'fnpr-statement-2022-01'),
# [43] ITUC 2023
(43,"The ITUC demands that the government of Kazakhstan immediately implements ILO recommendations, restores the status of the Trade Union of Fuel and Energy Industry Workers as the recognised sectoral union and carries out reforms to tackle discrimination in the sector.",'statement',None,[],[ITUC,ILO,SFEWU],[KZ],'ituc-demands-sfewu-status-2023-04'),
# [44] Baltabay pardoned
(44,"Kazakhstan Union Leader Erlan Baltabay Pardoned",'release',None,[BAL],[],[KZ],'baltabay-pardoned-2019-08-09'),
(44,"The President of the Republic of Kazakhstan, Kassym Tokayev issued a decree on the evening of August 9th pardoning trade union leader Erlan Baltabay, leader of the Fuel and Energy Workers' Union and vice-president of the Confederation of Independent Trade Unions of Kazakhstan (KNPRK), from custody.",'release','2019-08-09',[TOK,BAL],[SFEWU,KNPRK],[KZ],'baltabay-pardoned-2019-08-09'),
(44,"Baltabay was sentenced to seven years' imprisonment on July 17, 2019, on embezzlement charges that the international labor movement condemned as being politically motivated.",'conviction','2019-07-17',[BAL],[],[],'baltabay-sentenced-2019-07'),
# [46] IndustriALL
(46,"IndustriALL Global Union is calling for the immediate release of Kazakh trade union leader, Erlan Baltabay, after he was sentenced to seven years in prison by a Kazakh court on 17 July.",'conviction','2019-07-17',[BAL],[IALL],[],'baltabay-sentenced-2019-07'),
# [47] ITUC
(47,"The ITUC has harshly condemned the sentencing of Kazakhstan trade union leader Erlan Baltabay.",'conviction',None,[BAL],[ITUC],[KZ],'baltabay-sentenced-2019-07'),
# [48] RFE/RL ILO
(48,"As pressure built against Kazakhstan at the International Labor Organization's (ILO) conference in Geneva this month to address the country's poor record on trade union rights, authorities back home are seeking to jail an independent trade union leader.",'other','2019-06',[],[ILO],[KZ,'Geneva'],'ilo-cas-review-kazakhstan-2019-06'),
# [49] ITUC letter
(49,"Here you can find a letter sent by ITUC to the President of Kazakhstan regarding violations of ILO Convention 87.",'statement',None,[],[ITUC,ILO],[KZ],'ituc-letter-to-president-2019-06'),
# [50] HRW / ILO
(50,"As the International Labour Organisation (ILO) celebrates its Centenary this week, one of its key committees decided today to examine once again the grim situation for labor rights in Kazakhstan.",'other','2019-06-11',[],[ILO],[KZ],'ilo-cas-review-kazakhstan-2019-06'),
# [51] Zhuaspayeva
(51,"Gulnara Zhuaspayeva told a press conference in Almaty on April 1 that she believes this is an attempt to intimidate her into desisting from her work.",'statement','2019-04-01',[ZHU],[],['Almaty'],'zhuaspayeva-press-conference-2019-04-01'),
# [53] RFE/RL correspondent fined
(53,"An RFE/RL correspondent in Kazakhstan has been fined after being detained for the third time in weeks in the restive city of Zhanaozen, where she has been covering ongoing rallies.",'fine',None,[],[RFERL],[KZ,'Zhanaozen'],'toiken-third-detention-fine-2019-03'),
]
