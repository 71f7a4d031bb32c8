# FluxBB 1.4/1.5 and PunBB 1.3/1.4: the default styles.
# Keys and format: see netno(1), section PROFILES.
name: fluxbb
kind: forum_thread
hint: blockpost
match: //div[contains(concat(' ',normalize-space(@class),' '),' blockpost ')][.//div[contains(@class,'postmsg')]]
post: //div[contains(concat(' ',normalize-space(@class),' '),' blockpost ')][.//div[contains(@class,'postmsg')]]
author: .//div[contains(@class,'postleft')]//dt//a | .//div[contains(@class,'postleft')]//dt
author_url: .//div[contains(@class,'postleft')]//dt//a/@href
date: ./h2//a
text: .//div[contains(@class,'postmsg')]
permalink: ./h2//a/@href
native_id: @id
quote: .//div[contains(@class,'quotebox')]
drop: .//div[contains(@class,'postsignature')] | .//p[contains(@class,'postedit')]
next_page: //p[contains(@class,'pagelink')]/a[@rel='next']/@href

name: punbb
kind: forum_thread
hint: brd-main
match: //div[@id='brd-main']//div[contains(concat(' ',normalize-space(@class),' '),' post ')][.//div[contains(@class,'entry-content')]]
post: //div[@id='brd-main']//div[contains(concat(' ',normalize-space(@class),' '),' post ')][.//div[contains(@class,'entry-content')]]
author: .//*[contains(@class,'post-byline')]//a | .//*[contains(@class,'post-byline')]/strong
author_url: .//*[contains(@class,'post-byline')]//a/@href
date: .//*[contains(@class,'post-link')]//a
text: .//div[contains(@class,'entry-content')]
permalink: .//*[contains(@class,'post-link')]//a/@href
native_id: @id
quote: .//div[contains(@class,'quotebox')]
drop: .//div[contains(@class,'sig-content')] | .//p[contains(@class,'lastedit')]
next_page: //div[@id='brd-pagepost-top']//a[@rel='next']/@href
