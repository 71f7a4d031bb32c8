# NodeBB: the server-rendered topic page (Persona and Harmony themes).
# Keys and format: see netno(1), section PROFILES.
name: nodebb
kind: forum_thread
hint: data-pid
match: //*[@component='post'][@data-pid]
post: //*[@component='post'][@data-pid]
author: @data-username
author_url: .//a[@itemprop='author']/@href
date: .//*[contains(@class,'timeago')]
date_attr: title
text: .//*[@component='post/content']
permalink: .//a[contains(@class,'permalink')]/@href
native_id: @data-pid
quote: .//blockquote
drop: .//*[@component='post/signature']
next_page: //link[@rel='next']/@href
