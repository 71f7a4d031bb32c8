# Discourse: the server-rendered topic page (what crawlers and
# browsers without JavaScript get).
# Keys and format: see netno(1), section PROFILES.
name: discourse
kind: forum_thread
hint: Discourse|crawler-post
match: //meta[@name='generator'][starts-with(@content,'Discourse')] | //div[contains(concat(' ',normalize-space(@class),' '),' crawler-post ')][.//*[@itemprop='articleBody']]
post: //div[contains(concat(' ',normalize-space(@class),' '),' crawler-post ')]
author: .//*[contains(@class,'creator')]//*[@itemprop='name'] | .//*[contains(@class,'creator')]
author_url: .//*[contains(@class,'creator')]//a/@href
date: .//meta[@itemprop='datePublished'] | .//time[contains(@class,'post-time')]
text: .//*[@itemprop='articleBody']
permalink: .//a[contains(@class,'post-link')]/@href
native_id: .//*[@itemprop='position']
quote: .//aside[contains(concat(' ',normalize-space(@class),' '),' quote ')]
next_page: //a[@rel='next']/@href
