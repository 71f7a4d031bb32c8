# Vanilla Forums 2: the default discussion view.
# Keys and format: see netno(1), section PROFILES.
name: vanilla
kind: forum_thread
hint: vanilla_|ItemDiscussion
match: /html/body[starts-with(@id,'vanilla_')] or //div[contains(concat(' ',normalize-space(@class),' '),' ItemDiscussion ')][.//div[contains(@class,'userContent')]]
post: //div[contains(concat(' ',normalize-space(@class),' '),' ItemDiscussion ')] | //li[contains(concat(' ',normalize-space(@class),' '),' ItemComment ')]
author: .//a[contains(concat(' ',normalize-space(@class),' '),' Username ')]
author_url: .//a[contains(concat(' ',normalize-space(@class),' '),' Username ')]/@href
date: .//*[contains(@class,'DateCreated')]//time
text: .//div[contains(concat(' ',normalize-space(@class),' '),' Message ')]
permalink: .//*[contains(@class,'DateCreated')]//a[contains(@class,'Permalink')]/@href
native_id: @id
quote: .//blockquote[contains(@class,'Quote')] | .//div[contains(@class,'UserQuote')]
drop: .//div[contains(@class,'Signature')]
next_page: //a[contains(@class,'Next')][@rel='next']/@href
